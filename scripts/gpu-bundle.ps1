# The GPU bundle: everything a GPU machine without .NET or network needs to run scripts/gpu-check.sh,
# packed as xz parts small enough to travel one per device call. Dot-sourced by build.ps1.
#
#   .gpu-bundle/partNN/onnxdl-gpu.tar.xz.NN   one slice of the archive (≤ $PartSize)
#   .gpu-bundle/partNN/SHA256SUMS             checksums of every slice (same file in each part)
#   .gpu-bundle/SEND.md                       the commands that send, assemble and check it
#
# The archive unpacks to onnxdl/ (self-contained linux-x64 publish + ONNX Runtime with its CUDA
# provider), data/fashion-mnist/*.gz, anchors/seed_cnn.py (the PyTorch anchor) and bundle.json.

Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'gpu-prune-fatbin.ps1')

$BundleDir = Join-Path (Split-Path $PSScriptRoot) '.gpu-bundle'
$ArchiveName = 'onnxdl-gpu.tar.xz'
$PartSize = 60MB
$AnchorScript = Join-Path (Split-Path $PSScriptRoot) '../shared/anchors/pytorch/seed_cnn.py'
$FashionMnistDir = '/usr/share/datasets/fashion-mnist'

# Published files the check never loads. OpenCV's native library (~34 MB compressed, and it needs
# GTK on the target) only serves image decoding and augmentation; IDX data does not touch it. The
# TensorRT provider needs TensorRT; the rest are debugger and tracing helpers of the .NET runtime.
$Unneeded = @('libOpenCvSharpExtern.so', 'libonnxruntime_providers_tensorrt.so', 'createdump',
    'libmscordaccore.so', 'libmscordbi.so', 'libcoreclrtraceptprovider.so', '*.pdb', '*.dbg')

function Publish-Onnxdl([string]$Target) {
    # Partial trimming only trims the framework (our assemblies, which use reflection, stay whole):
    # the .NET part shrinks from ~26 MB to ~7 MB compressed. gpu-bundle-selftest runs the result.
    Invoke-Checked 'dotnet' @('publish', 'src/Cli', '-c', 'Release', '-r', 'linux-x64', '--self-contained', '-o', $Target,
        '-v', 'q', '-nologo', '-p:PublishTrimmed=true', '-p:TrimMode=partial', '-p:SuppressTrimAnalysisWarnings=true',
        '-p:JsonSerializerIsReflectionEnabledByDefault=true')
    foreach ($pattern in $Unneeded) { Get-ChildItem $Target -Filter $pattern | Remove-Item }
}

function Add-Payload([string]$Stage) {
    $data = New-Item -ItemType Directory -Force (Join-Path $Stage 'data/fashion-mnist')
    Copy-Item (Join-Path $FashionMnistDir '*.gz') $data
    $anchors = New-Item -ItemType Directory -Force (Join-Path $Stage 'anchors')
    if (Test-Path $AnchorScript) { Copy-Item $AnchorScript $anchors }
    else { Write-Warning "gpu-bundle: $AnchorScript not found; the check's PyTorch stage will report it missing." }
}

function Write-BundleInfo([string]$Stage, [string]$CudaArch) {
    $commit = (& git rev-parse --short HEAD).Trim()
    $dirty = [bool](& git status --porcelain --untracked-files=no)
    [ordered]@{ commit = $commit; dirty = $dirty; built = (Get-Date).ToUniversalTime().ToString('u'); cuda_arch = $CudaArch } |
        ConvertTo-Json | Set-Content (Join-Path $Stage 'bundle.json')
}

function Split-Archive([string]$Archive) {
    $slices = Join-Path $BundleDir 'slices'
    New-Item -ItemType Directory -Force $slices | Out-Null
    Invoke-Checked 'split' @('-b', "$PartSize", '-d', '-a', '2', '--numeric-suffixes=1', $Archive, (Join-Path $slices "$ArchiveName."))
    $files = @(Get-ChildItem $slices | Sort-Object Name)
    $sums = ($files | ForEach-Object { "$((Get-FileHash $_.FullName -Algorithm SHA256).Hash.ToLowerInvariant())  $($_.Name)" }) -join "`n"
    foreach ($file in $files) {
        $part = New-Item -ItemType Directory -Force (Join-Path $BundleDir "part$($file.Extension.TrimStart('.'))")
        Move-Item $file.FullName $part
        Set-Content -NoNewline -LiteralPath (Join-Path $part 'SHA256SUMS') -Value "$sums`n"
    }
    Remove-Item $slices
    @(Get-ChildItem $BundleDir -Directory -Filter 'part*' | Sort-Object Name)
}

function Write-SendInstructions([IO.DirectoryInfo[]]$Parts) {
    $calls = for ($i = 0; $i -lt $Parts.Count; $i++) {
        $name = $Parts[$i].Name
        $move = "mkdir -p `$HOME/onnxdl-parts && mv .gpu-bundle/$name/* `$HOME/onnxdl-parts/"
        $command = if ($i -lt $Parts.Count - 1) { "$move && ls -l `$HOME/onnxdl-parts" }
        else { "$move && bash scripts/gpu-assemble.sh `$HOME/onnxdl-parts `$HOME/onnxdl-gpu && bash scripts/gpu-check.sh `$HOME/onnxdl-gpu" }
        "$($i + 1). run carry [`".gpu-bundle/$name`"], timeout_s $(if ($i -lt $Parts.Count - 1) { 120 } else { 480 }):`n   $command"
    }
    @"
# Sending the GPU bundle ($($Parts.Count) parts)
One device call per part, back to back (the machine keeps its files between calls that follow each other
within ~30 s). The last call assembles (checksums, unpack to `$HOME/onnxdl-gpu) and runs the check;
its summary comes back as `$OUT/gpu-summary.json` (logs under `$OUT/gpu-logs/`).

$($calls -join "`n")
"@ | Set-Content (Join-Path $BundleDir 'SEND.md')
}

function Invoke-GpuBundle([string]$CudaArch = '90') {
    if (Test-Path $BundleDir) { Remove-Item -Recurse -Force $BundleDir }
    $stage = Join-Path $BundleDir 'stage'
    Publish-Onnxdl (Join-Path $stage 'onnxdl')
    if ($CudaArch -ne 'all') {
        $pruned = Invoke-FatbinPrune (Join-Path $stage 'onnxdl/libonnxruntime_providers_cuda.so') ([int]$CudaArch)
        Write-Host ("gpu-bundle: CUDA provider keeps sm_{0} ({1:N0} MB), zeroed {2:N0} MB of sm_{3}" -f $CudaArch,
            ($pruned.Kept / 1MB), ($pruned.Zeroed / 1MB), (($pruned.Archs | Where-Object { $_ -ne [int]$CudaArch }) -join '/sm_'))
    }
    Add-Payload $stage
    Write-BundleInfo $stage $CudaArch
    $archive = Join-Path $BundleDir $ArchiveName
    Invoke-Checked 'tar' @('-C', $stage, '--use-compress-program=xz -9 -T0', '-cf', $archive, '.')
    Remove-Item -Recurse -Force $stage
    $parts = Split-Archive $archive
    Remove-Item $archive
    Write-SendInstructions $parts
    foreach ($part in $parts) {
        $slice = Get-ChildItem $part -Filter "$ArchiveName.*"
        Write-Host ("gpu-bundle: {0}/{1}  {2:N1} MiB" -f $part.Name, $slice.Name, ($slice.Length / 1MB))
    }
    Write-Host "gpu-bundle: $($parts.Count) parts in $BundleDir; how to send them: $(Join-Path $BundleDir 'SEND.md')"
}

# Assembles the parts here as the GPU machine would, runs the published tool from the assembled
# tree, then gpu-check.sh in --cpu-dry-run mode; fails on any non-zero exit or a failed check stage.
function Test-GpuBundle {
    $parts = @(Get-ChildItem $BundleDir -Directory -Filter 'part*' -ErrorAction SilentlyContinue)
    if ($parts.Count -eq 0) { throw "No parts in $BundleDir; run: dotnet pwsh ./build.ps1 gpu-bundle" }
    $work = Join-Path ([IO.Path]::GetTempPath()) "onnxdl-gpu-selftest-$PID"
    $incoming = New-Item -ItemType Directory -Force (Join-Path $work 'parts')
    try {
        foreach ($part in $parts) { Copy-Item (Join-Path $part.FullName '*') $incoming }
        $assembled = Join-Path $work 'gpu'
        Invoke-Checked 'bash' @('scripts/gpu-assemble.sh', $incoming, $assembled)
        $tool = Join-Path $assembled 'onnxdl/onnxdl'
        Invoke-Checked $tool @('--help')
        Invoke-Checked $tool @('bench', '--device', 'cpu', '--samples', '256', '--data-dir', (Join-Path $assembled 'data/fashion-mnist'))
        $env:OUT = New-Item -ItemType Directory -Force (Join-Path $work 'out')
        try { Invoke-Checked 'bash' @('scripts/gpu-check.sh', $assembled, '--cpu-dry-run') }
        finally { Remove-Item Env:OUT }
        Write-Host "gpu-bundle-selftest: ok"
    }
    finally { Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue }
}
