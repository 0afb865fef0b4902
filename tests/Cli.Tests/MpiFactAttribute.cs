namespace Onnxdl.Cli.Tests;

/// <summary>A fact that runs <c>mpirun</c>; skipped, saying how to install it, only when OpenMPI is absent (build.ps1 setup installs it).</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (!Installed) Skip = "mpirun is not on PATH: install OpenMPI (apt-get install openmpi-bin libopenmpi-dev, or dotnet pwsh ./build.ps1 setup).";
    }

    public static bool Installed =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "mpirun")));
}
