using System.Diagnostics;

namespace Onnxdl.Graph.Tests.Serialization;

/// <summary>A writer killed mid-write leaves its temporary file; the next write of the same target removes it, and only it.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_next_write_removes_temporary_files_of_dead_writers_but_not_of_live_ones_or_other_targets()
    {
        using var alive = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        gone.WaitForExit();
        var target = _dir.File("last.ckpt");
        var orphan = _dir.File(AtomicFile.TempName("last.ckpt", gone.Id));
        var writing = _dir.File(AtomicFile.TempName("last.ckpt", alive.Id));
        var otherTarget = _dir.File(AtomicFile.TempName("best.ckpt", gone.Id));
        foreach (var file in new[] { orphan, writing, otherTarget }) File.WriteAllText(file, "torn");

        AtomicFile.WriteAllText(target, "whole");
        alive.Kill();

        Assert.Equal("whole", File.ReadAllText(target));
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(writing));
        Assert.True(File.Exists(otherTarget));
    }
}
