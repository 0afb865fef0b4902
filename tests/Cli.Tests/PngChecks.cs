using OpenCvSharp;

namespace Onnxdl.Cli.Tests;

/// <summary>
/// Reads the PNG charts the tool writes with OpenCV and checks what a reader needs: the size, drawn lines, a heat map
/// that fills its frame and counts written in its cells.
/// </summary>
internal static class PngChecks
{
    /// <summary>ScottPlot's first two series colours (Category10 blue and orange), as B, G, R.</summary>
    /// <summary>The rows below the panels' axis titles, where the legends go.</summary>
    private const int LegendStrip = 60;

    private static readonly Vec3b Train = new(180, 119, 31), Validation = new(14, 127, 255);

    /// <summary>curves.png: <paramref name="panels"/> panels side by side, each with its train and validation line.</summary>
    public static void Curves(string path, int panels)
    {
        var image = Read(path, CurvesChart.PanelWidth * panels, CurvesChart.Height);
        foreach (var (colour, name) in new[] { (Train, "train"), (Validation, "validation") })
        {
            var count = image.Count(p => Near(p, colour));
            Assert.True(count > 300 * panels, $"{path}: {count} pixels of the {name} colour; expected lines of over 300 pixels in each of {panels} panels.");
            var legend = image.Count(p => Near(p, colour), 0, image.Height - LegendStrip, image.Width - 1, image.Height - 1);
            Assert.True(legend > 10 * panels, $"{path}: {legend} pixels of the {name} colour in the bottom {LegendStrip} rows; expected each panel's legend there, below the data.");
        }
    }

    /// <summary>confusion.png: the heat map meets its frame on all four sides, and cells hold white and black text.</summary>
    public static void Confusion(string path)
    {
        var image = Read(path, ConfusionChart.Width, ConfusionChart.Height);
        // Viridis cells are strongly coloured; grey text, ticks and the white background are not.
        var (left, top, right, bottom) = image.Bounds(p => Math.Max(p[0], Math.Max(p[1], p[2])) - Math.Min(p[0], Math.Min(p[1], p[2])) > 40);
        Assert.True((right - left) * (bottom - top) > image.Width * image.Height / 3, $"{path}: the heat map spans only ({left},{top})–({right},{bottom}).");
        foreach (var (x0, y0, x1, y1, side) in new[]
        {
            (left - 1, top, left - 1, bottom, "left"), (right + 1, top, right + 1, bottom, "right"),
            (left, top - 1, right, top - 1, "top"), (left, bottom + 1, right, bottom + 1, "bottom"),
        })
        {
            var line = image.Mean(x0, y0, x1, y1);
            Assert.True(line < 110, $"{path}: just {side} of the heat map the mean brightness is {line:F0}; expected the dark frame, not an empty margin.");
        }
        var white = image.Count(p => p[0] > 240 && p[1] > 240 && p[2] > 240, left + 3, top + 3, right - 3, bottom - 3);
        var black = image.Count(p => p[0] < 20 && p[1] < 20 && p[2] < 20, left + 3, top + 3, right - 3, bottom - 3);
        Assert.True(white > 100 && black > 30, $"{path}: {white} white and {black} black pixels inside the heat map; expected counts in white on dark cells and black on light ones.");
    }

    private static Pixels Read(string path, int width, int height)
    {
        Assert.True(Cli.IsPng(path), $"{path} is not a PNG file.");
        using var mat = Cv2.ImRead(path, ImreadModes.Color);
        Assert.True((width, height) == (mat.Width, mat.Height), $"{path} is {mat.Width}x{mat.Height}; expected {width}x{height}.");
        mat.GetArray(out Vec3b[] pixels);
        return new Pixels(mat.Width, mat.Height, pixels);
    }

    private static bool Near(Vec3b p, Vec3b q) => Math.Abs(p[0] - q[0]) + Math.Abs(p[1] - q[1]) + Math.Abs(p[2] - q[2]) < 30;

    private sealed record Pixels(int Width, int Height, Vec3b[] Values)
    {
        private Vec3b At(int x, int y) => Values[y * Width + x];

        public int Count(Func<Vec3b, bool> test) => Count(test, 0, 0, Width - 1, Height - 1);

        public int Count(Func<Vec3b, bool> test, int x0, int y0, int x1, int y1) =>
            Enumerable.Range(y0, y1 - y0 + 1).Sum(y => Enumerable.Range(x0, x1 - x0 + 1).Count(x => test(At(x, y))));

        /// <summary>The smallest rectangle holding every pixel that passes <paramref name="test"/> (inclusive edges).</summary>
        public (int Left, int Top, int Right, int Bottom) Bounds(Func<Vec3b, bool> test)
        {
            var hits = Enumerable.Range(0, Values.Length).Where(i => test(Values[i])).ToArray();
            Assert.NotEmpty(hits);
            return (hits.Min(i => i % Width), hits.Min(i => i / Width), hits.Max(i => i % Width), hits.Max(i => i / Width));
        }

        /// <summary>Mean brightness (0–255) along a horizontal or vertical line.</summary>
        public double Mean(int x0, int y0, int x1, int y1) =>
            Enumerable.Range(y0, y1 - y0 + 1).SelectMany(y => Enumerable.Range(x0, x1 - x0 + 1).Select(x => At(x, y)))
                .Average(p => (p[0] + p[1] + p[2]) / 3.0);
    }
}
