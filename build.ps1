#!/usr/bin/env pwsh
# onnxdl build tasks. Run as: dotnet tool restore && dotnet pwsh ./build.ps1 TASK [args]
#   setup   apt packages (libgtk-3-0 for OpenCV, dataset-fashion-mnist, libonnx-testdata, openmpi-bin + libopenmpi-dev for
#           data-parallel training) when missing, NuGet restore, the npm
#           interop consumers (interop/node) and the third-party test models (scripts/fetch-third-party-models.sh)
#   build   Release build of the solution
#   test    the whole test suite (runs setup first when something is missing)
#   demo    the main job (runs setup first when something is missing)
#   bench   throughput benchmark: onnxdl bench with the remaining arguments
#   pack    the NuGet packages (Onnxdl.Graph, .Augment, .Runtime, .Runtime.Training; the tool onnxdl), with their
#           .snupkg symbol packages, into artifacts/packages
#   gpu-bundle [ARCH]     .gpu-bundle/partNN: onnxdl + ONNX Runtime CUDA + data for a GPU machine without .NET
#                         (CUDA code kept for sm_ARCH only, default 90 = H100/H200; 'all' keeps every architecture)
#   gpu-bundle-selftest   assembles the parts here and runs them on CPU (scripts/gpu-check.sh --cpu-dry-run)
param(
    [Parameter(Position = 0)][ValidateSet('setup', 'build', 'test', 'demo', 'bench', 'pack', 'gpu-bundle', 'gpu-bundle-selftest')][string]$Task = 'test',
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Set-Location $PSScriptRoot

$AptPackages = @('libgtk-3-0', 'dataset-fashion-mnist', 'libonnx-testdata', 'openmpi-bin', 'libopenmpi-dev')
$Dataset = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
. ./scripts/gpu-bundle.ps1

function Invoke-Checked([string]$File, [string[]]$Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-MissingAptPackages {
    $AptPackages | Where-Object {
        $status = & dpkg-query -W -f='${Status}' $_ 2>$null
        $LASTEXITCODE -ne 0 -or $status -notmatch 'install ok installed'
    }
}

function Invoke-Apt([string[]]$Arguments) {
    if ((& id -u) -eq '0') { Invoke-Checked 'apt-get' $Arguments }
    else { Invoke-Checked 'sudo' (@('-E', 'apt-get') + $Arguments) }
}

function Invoke-Setup {
    $missing = @(Get-MissingAptPackages)
    if ($missing.Count -gt 0) {
        Write-Host "setup: installing $($missing -join ', ')"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Apt @('update', '-qq')
        Invoke-Apt (@('install', '-y', '-qq') + $missing)
    }
    Invoke-Checked 'dotnet' @('restore', 'Onnx.sln', '-v', 'q', '-nologo')
    Install-NodeConsumers
    # The third-party models only widen the tests (they skip without them), so a registry hiccup must not fail setup.
    & bash scripts/fetch-third-party-models.sh
    if ($LASTEXITCODE -ne 0) { Write-Warning 'setup: third-party models not fetched; the tests that need them will be skipped.' }
}

# onnxruntime-node ships its CPU binaries in the package; its install script only fetches optional CUDA
# binaries from outside the registry, so scripts are skipped and the install needs only the npm registry.
function Install-NodeConsumers {
    if (Test-Path 'interop/node/node_modules/.package-lock.json') { return }
    Push-Location 'interop/node'
    try { Invoke-Checked 'npm' @('ci', '--ignore-scripts', '--no-audit', '--no-fund') }
    finally { Pop-Location }
}

function Test-SetupNeeded {
    (@(Get-MissingAptPackages).Count -gt 0) -or -not (Test-Path $Dataset) -or -not (Test-Path 'src/Graph/obj/project.assets.json') -or
        -not (Test-Path 'interop/node/node_modules/.package-lock.json') -or -not (Test-Path 'third_party_models/.complete')
}

function Invoke-Build {
    Invoke-Checked 'dotnet' @('build', 'Onnx.sln', '-c', 'Release', '-v', 'q', '-nologo', '--no-restore')
}

function Invoke-Tests {
    if (Test-SetupNeeded) { Invoke-Setup }
    Invoke-Build
    $passed = 0; $failed = 0; $skipped = 0
    $log = Join-Path ([IO.Path]::GetTempPath()) "onnxdl-test-$PID.log"
    # The minimal console logger prints each failed test's message and stack trace, so a CI log says why it failed.
    & dotnet test Onnx.sln -c Release --no-build -v q -nologo --logger 'console;verbosity=minimal' 2>&1 | Tee-Object -FilePath $log
    $code = $LASTEXITCODE
    foreach ($line in Get-Content $log) {
        if ($line -match 'Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)') {
            $failed += [int]$Matches[1]; $passed += [int]$Matches[2]; $skipped += [int]$Matches[3]
        }
    }
    Remove-Item $log -ErrorAction SilentlyContinue
    Write-Host "tests: $passed passed, $failed failed, $skipped skipped"
    if ($code -ne 0 -or $failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Pack {
    $feed = Join-Path $PSScriptRoot 'artifacts/packages'
    Invoke-Checked 'dotnet' @('pack', 'Onnx.sln', '-c', 'Release', '-v', 'q', '-nologo', "-p:PackageOutputPath=$feed")
    Write-Host "pack: $((Get-ChildItem $feed -Filter '*.*nupkg').Name -join ', ') in $feed"
}

function Invoke-Cli([string[]]$Arguments) {
    if (Test-SetupNeeded) { Invoke-Setup }
    Invoke-Checked 'dotnet' @('build', 'src/Cli', '-c', 'Release', '-v', 'q', '-nologo')
    Invoke-Checked 'dotnet' (@('src/Cli/bin/Release/net10.0/onnxdl.dll') + $Arguments)
}

switch ($Task) {
    'setup' { Invoke-Setup }
    'build' { Invoke-Build }
    'test' { Invoke-Tests }
    'demo' { Invoke-Cli (@('demo') + $Rest) }
    'bench' { Invoke-Cli (@('bench') + $Rest) }
    'pack' { Invoke-Pack }
    'gpu-bundle' {
        if (Test-SetupNeeded) { Invoke-Setup }
        Invoke-GpuBundle $(if ($Rest.Count -gt 0) { $Rest[0] } else { '90' })
    }
    'gpu-bundle-selftest' { Test-GpuBundle }
}
