using System.Globalization;

namespace AuthActors.TestKit;

/// <summary>
/// A process's resident memory from <c>/proc/&lt;pid&gt;/status</c>: all of it (<c>VmRSS</c>) and the anonymous part
/// (<c>RssAnon</c>: heaps and stacks, without the mapped DLLs, which do not grow with load), and the most it was
/// resident at any time so far (<c>VmHWM</c>).
/// </summary>
public readonly record struct ProcessMemory(long Resident, long Anonymous, long PeakResident)
{
    public static ProcessMemory Of(int pid)
    {
        long resident = 0;
        long anonymous = 0;
        long peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anonymous = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }

        return resident > 0 ? new(resident, anonymous, peak) : throw new InvalidOperationException($"no VmRSS for process {pid}");
    }

    public string Mebibytes => $"{Resident / 1048576.0:N1} ({Anonymous / 1048576.0:N1} anonymous)";

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
