using System.Xml.Linq;

namespace Onnxdl.Cli.Tests.Packaging;

/// <summary>
/// Packs the solution's packable projects once (from this test run's build: <c>--no-build</c>) into a local feed in a
/// fresh temporary folder outside the repository, under a version no run used before, so NuGet's global packages
/// folder can never serve a stale copy of our packages. Disposing deletes the folder and that version's entries in
/// the global packages folder; the ONNX Runtime and DI packages the consumers restore stay cached for the next run.
/// </summary>
public sealed class PackedFeed : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public PackedFeed()
    {
        Root = Directory.CreateTempSubdirectory("onnxdl-pack-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        try
        {
            Version = Pack();
            WriteNuGetConfig();
        }
        catch
        {
            Directory.Delete(Root, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The temporary folder holding the feed and everything the tests create; its NuGet.config (the local feed plus
    /// the machine's own enabled sources, read at test time) applies to every project and tool install below it.
    /// </summary>
    public string Root { get; }

    /// <summary>The local feed: every .nupkg and .snupkg of the solution.</summary>
    public string Feed { get; }

    /// <summary>The version of every package packed here (VersionPrefix from Directory.Build.props plus a unique suffix).</summary>
    public string Version { get; }

    /// <summary>A version from Directory.Packages.props, so the consumer uses what the repository uses.</summary>
    public static string CentralVersion(string package) =>
        XDocument.Load(Repo.Path("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package).Attribute("Version")!.Value;

    private string Pack()
    {
        if (Root.StartsWith(Repo.Root, StringComparison.Ordinal))
            throw new InvalidOperationException($"The temporary folder {Root} is inside the repository {Repo.Root}; the consumer must be outside it.");
        var suffix = $"test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        ChildProcess.Checked(Repo.Root, "dotnet", "pack", "Onnx.sln", "-c", Configuration, "--no-build", "-v", "q",
            $"-p:VersionSuffix={suffix}", $"-p:PackageOutputPath={Feed}");
        var graphPackage = Directory.GetFiles(Feed, $"Onnxdl.Graph.*-{suffix}.nupkg").Single();
        return Path.GetFileNameWithoutExtension(graphPackage)["Onnxdl.Graph.".Length..];
    }

    private void WriteNuGetConfig()
    {
        var listed = ChildProcess.Checked(Root, "dotnet", "nuget", "list", "source", "--format", "short").Out;
        var sources = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal)).Select(line => line[2..].Trim()).ToList();
        var packageSources = new XElement("packageSources", new XElement("clear"), Source("onnxdl-local", Feed));
        packageSources.Add(sources.Select((url, i) => Source($"machine-{i}", url)));
        new XDocument(new XElement("configuration", packageSources)).Save(Path.Combine(Root, "NuGet.config"));
    }

    private static XElement Source(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        var listed = ChildProcess.Checked(Path.GetTempPath(), "dotnet", "nuget", "locals", "global-packages", "--list").Out;
        var globalPackages = listed[(listed.IndexOf(':') + 1)..].Trim();
        foreach (var package in Directory.Exists(globalPackages) ? Directory.GetDirectories(globalPackages, "onnxdl*") : [])
        {
            var packed = Path.Combine(package, Version);
            if (Directory.Exists(packed)) Directory.Delete(packed, recursive: true);
            if (!Directory.EnumerateFileSystemEntries(package).Any()) Directory.Delete(package);
        }
    }
}
