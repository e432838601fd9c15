using System.Runtime.InteropServices;

namespace AuthActors.Bench.Reporting;

/// <summary>The one line that says what machine a figure was measured on: cores, CPU model, OS and .NET.</summary>
internal static class MachineInfo
{
    public static string Describe() =>
        $"nproc {Environment.ProcessorCount}, CPU {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var model = File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal));
        return model?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
