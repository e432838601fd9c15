using System.Text;

namespace AuthActors.TestKit.Fuzzing;

/// <summary>
/// Makes hostile inputs from valid ones with a fixed seed, so that a failure is replayed by its seed: bit flips,
/// inserted bytes (NUL, CR, bytes that are not UTF-8, separators), deletions, duplications, truncations, splices of
/// two seeds, and runs that push a field past its bound.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly byte[] Interesting = [0, (byte)'\r', (byte)' ', (byte)'.', (byte)'"', (byte)'{', (byte)'}', (byte)'\\', 0x7f, 0x80, 0xc3, 0xff, (byte)'%', (byte)'\t'];

    private readonly Random _random = new(seed);

    /// <summary>The seed this mutator replays.</summary>
    public int Seed { get; } = seed;

    /// <summary>One of <paramref name="seeds"/>, mutated one to four times.</summary>
    public byte[] Next(IReadOnlyList<string> seeds)
    {
        var input = Encoding.UTF8.GetBytes(seeds[_random.Next(seeds.Count)]).ToList();
        for (var rounds = _random.Next(1, 5); rounds > 0; rounds--)
        {
            Mutate(input, seeds);
        }

        return [.. input];
    }

    /// <summary>A mutated input as text (bytes that are not UTF-8 become U+FFFD): for APIs that take strings.</summary>
    public string NextText(IReadOnlyList<string> seeds) => Encoding.UTF8.GetString(Next(seeds));

    /// <summary>A number in [0, <paramref name="below"/>).</summary>
    public int Below(int below) => _random.Next(below);

    private void Mutate(List<byte> input, IReadOnlyList<string> seeds)
    {
        var at = input.Count == 0 ? 0 : _random.Next(input.Count);
        switch (_random.Next(8))
        {
            case 0 when input.Count > 0:
                input[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                input.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                break;
            case 2 when input.Count > 0:
                input.RemoveRange(at, Math.Min(input.Count - at, _random.Next(1, 8)));
                break;
            case 3 when input.Count > 0:
                var length = Math.Min(input.Count - at, _random.Next(1, 16));
                input.InsertRange(at, input.GetRange(at, length));
                break;
            case 4:
                input.RemoveRange(at, input.Count - at);
                break;
            case 5:
                var other = Encoding.UTF8.GetBytes(seeds[_random.Next(seeds.Count)]);
                var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                input.InsertRange(at, other.Skip(from));
                break;
            case 6:
                // Past a bound: ids, passwords, tokens and lines all have one.
                input.InsertRange(at, Enumerable.Repeat((byte)"aZ9-_.~ "[_random.Next(8)], _random.Next(64, 5000)));
                break;
            default:
                input.Insert(at, (byte)_random.Next(256));
                break;
        }
    }
}
