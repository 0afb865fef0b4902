using System.Diagnostics;
using System.Globalization;

namespace Onnxdl.Graph;

/// <summary>
/// Writes a file so that a crash at any moment leaves either the old content or the new, never a mix:
/// write a temporary file in the same folder, flush it to disk, then rename it over the target. A writer killed
/// mid-write (kill -9) leaves its temporary file behind; the next write of the same target removes it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file atomically: <paramref name="write"/> fills a temporary file next to <paramref name="path"/>, which is flushed to disk and renamed over it, so readers see the old or the new file, never a torn one.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, TempName(Path.GetFileName(full), Environment.ProcessId));
        RemoveOrphans(dir, Path.GetFileName(full));
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The temporary file process <paramref name="processId"/> writes <paramref name="name"/> through.</summary>
    public static string TempName(string name, int processId) => $".{name}.{processId}.tmp";

    /// <summary>Deletes the temporary files of <paramref name="name"/> whose writer process is gone (a live one may still be writing).</summary>
    private static void RemoveOrphans(string dir, string name)
    {
        var (prefix, suffix) = ($".{name}.", ".tmp");
        foreach (var file in Directory.EnumerateFiles(dir, $"{prefix}*{suffix}"))
        {
            var id = Path.GetFileName(file)[prefix.Length..^suffix.Length];
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid)) continue;
            try { File.Delete(file); }
            catch (IOException) { }   // another writer removed it first
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Writes UTF-8 text atomically (see <see cref="Write"/>).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
