namespace Onnxdl.Cli.Tests;

/// <summary>Runs the tool in-process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Asserts success, showing stderr when it failed.</summary>
    public CliRun Succeeded()
    {
        Assert.True(ExitCode == ExitCodes.Success, $"exit code {ExitCode}: {Error}");
        return this;
    }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
