using System.Globalization;

namespace AuthActors.Bench.Tokens;

/// <summary>
/// CPU time a process has used, from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime), so a run can say how the cores
/// were split between the server and the load generator that share them.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ: the unit of utime and stime. 100 on every Linux the kernel ABI allows user space to assume.
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of <paramref name="pid"/> so far.</summary>
    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name is in parentheses and may hold spaces; the fields after it are space-separated.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const int utime = 11;
        const int stime = 12;
        return (long.Parse(fields[utime], CultureInfo.InvariantCulture) + long.Parse(fields[stime], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// CPU seconds all processes on the machine have used since boot (every field of the <c>cpu</c> line of
    /// <c>/proc/stat</c> except idle and iowait), so that what other processes took from the run shows too.
    /// </summary>
    public static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int idle = 4;
        const int iowait = 5;
        long busy = 0;

        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        for (var i = 1; i <= 8 && i < fields.Length; i++)
        {
            if (i is not idle and not iowait)
            {
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }

        return busy / TicksPerSecond;
    }

    /// <summary>
    /// The pid of the child process of this one whose command line mentions <paramref name="dll"/>: the gateway
    /// started by <see cref="AuthActors.TestKit.GatewayProcess"/>, which does not expose its process.
    /// </summary>
    public static int ChildRunning(string dll)
    {
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == self && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(dll, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while being read: not ours to find.
            }
        }

        throw new InvalidOperationException($"no child process running {dll}");
    }
}
