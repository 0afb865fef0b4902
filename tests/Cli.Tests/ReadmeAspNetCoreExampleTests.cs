using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Onnxdl.Runtime;

namespace Onnxdl.Cli.Tests;

/// <summary>The README's "Embedding in an ASP.NET Core service" example, on a loopback port and CPU.</summary>
public class ReadmeAspNetCoreExampleTests(ImageModelFixture fixture) : IClassFixture<ImageModelFixture>
{
    [Fact]
    public async Task One_line_registration_serves_the_predictor()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOnnxPredictor(o => { o.ModelPath = fixture.BareModel; o.Device = Device.Parse("cpu"); });
        await using var app = builder.Build();
        app.MapPost("/score", (float[] pixels, Predictor predictor) =>
            predictor.Predict(TensorData.Of(pixels, 1, 1, 8, 8)).Floats);
        await app.StartAsync();

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var pixels = fixture.Pixels[4].Select(b => b / 255f).ToArray();
        var response = await client.PostAsJsonAsync("/score", pixels);
        response.EnsureSuccessStatusCode();
        Assert.Equal(fixture.Expected(4, normalized: false), await response.Content.ReadFromJsonAsync<float[]>());
        await app.StopAsync();
    }
}
