#!/usr/bin/env bash
# Fetches ONNX models that other tools made, from ordinary registry packages, into third_party_models/
# (ignored by git) for the interchange tests and the fine-tuning demo. Tests skip when the folder is absent.
#   resnet18.onnx        NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (ImageNet ResNet18, exported by CNTK, opset 8)
#   hello_deepa.onnx     npm openwakeword-js 0.1.27 (a wake-word classifier exported from PyTorch)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=third_party_models
[ -f "$dest/.complete" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dest"

# PackageDownload fetches just this package (its ML.NET dependencies are not needed for the .onnx file).
cat > "$tmp/fetch.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.ML.DnnImageFeaturizer.ResNet18" Version="[0.23.1]" />
  </ItemGroup>
</Project>
EOF
dotnet restore "$tmp/fetch.csproj" --packages "$tmp/packages" -v q -nologo
resnet=$(find "$tmp/packages" -iname 'resnet18.onnx' | head -n 1)
[ -n "$resnet" ] || { echo "fetch-third-party-models: no ResNet18 .onnx in the NuGet package" >&2; exit 1; }
cp "$resnet" "$dest/resnet18.onnx"

(cd "$tmp" && npm pack openwakeword-js@0.1.27 --silent > /dev/null && tar xzf openwakeword-js-0.1.27.tgz package/models/hello_deepa.onnx)
cp "$tmp/package/models/hello_deepa.onnx" "$dest/hello_deepa.onnx"

touch "$dest/.complete"
echo "fetch-third-party-models: $(ls "$dest" | tr '\n' ' ')"
