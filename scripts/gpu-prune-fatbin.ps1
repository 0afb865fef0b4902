# Zeroes the GPU code for every architecture but one in a shared library's .nv_fatbin section.
#
# A CUDA library carries one cubin per SM architecture (ONNX Runtime's CUDA provider: sm_75 … sm_120,
# no PTX). A device runs only cubins of its own major architecture, so for an H100/H200 (sm_90) the
# others are dead weight: zeroing them keeps every offset (no relinking) and lets xz shrink the
# provider from ~186 MB to ~52 MB. The kept entries are byte-for-byte untouched.
#
# Fatbin layout (CUDA's fatbinary.h, as used by cuobjdump): the section is a sequence of containers
#   u32 magic 0xBA55ED50, u16 version, u16 header size, u64 entries size
# each followed by entries
#   u16 kind (1 PTX, 2 cubin), u16 version, u32 header size, u64 payload size, …, u32 sm arch at +28.

Set-StrictMode -Version Latest

function Find-ElfSection([byte[]]$Elf, [string]$Name) {
    if ([BitConverter]::ToUInt32($Elf, 0) -ne 0x464C457F -or $Elf[4] -ne 2 -or $Elf[5] -ne 1) {
        throw "Not a little-endian 64-bit ELF file (expected magic 7F 'ELF', class 2, data 1)."
    }
    $shoff = [BitConverter]::ToInt64($Elf, 0x28)
    $shentsize = [BitConverter]::ToUInt16($Elf, 0x3A)
    $shnum = [BitConverter]::ToUInt16($Elf, 0x3C)
    $strtab = [BitConverter]::ToInt64($Elf, $shoff + [BitConverter]::ToUInt16($Elf, 0x3E) * $shentsize + 24)
    for ($i = 0; $i -lt $shnum; $i++) {
        $header = $shoff + $i * $shentsize
        $nameAt = $strtab + [BitConverter]::ToUInt32($Elf, $header)
        $end = [Array]::IndexOf($Elf, [byte]0, [int]$nameAt)
        if ([Text.Encoding]::ASCII.GetString($Elf, $nameAt, $end - $nameAt) -eq $Name) {
            return @{ Offset = [BitConverter]::ToInt64($Elf, $header + 24); Size = [BitConverter]::ToInt64($Elf, $header + 32) }
        }
    }
    throw "The ELF file has no $Name section."
}

# Returns @{ Kept = bytes; Zeroed = bytes; Archs = sorted list } after editing $Path in place.
function Invoke-FatbinPrune([string]$Path, [int]$KeepArch) {
    $elf = [IO.File]::ReadAllBytes($Path)
    $section = Find-ElfSection $elf '.nv_fatbin'
    $pos = $section.Offset; $sectionEnd = $section.Offset + $section.Size
    $kept = 0L; $zeroed = 0L; $archs = [Collections.Generic.SortedSet[int]]::new()
    while ($pos -lt $sectionEnd) {
        # Containers are 8-byte aligned; padding between them is skipped.
        if ([BitConverter]::ToUInt32($elf, $pos) -ne 0xBA55ED50u) { $pos += 8; continue }
        $entry = $pos + [BitConverter]::ToUInt16($elf, $pos + 6)
        $containerEnd = $entry + [BitConverter]::ToInt64($elf, $pos + 8)
        while ($entry -lt $containerEnd) {
            $headerSize = [BitConverter]::ToUInt32($elf, $entry + 4)
            $payload = [BitConverter]::ToInt64($elf, $entry + 8)
            $arch = [BitConverter]::ToUInt32($elf, $entry + 28)
            [void]$archs.Add($arch)
            if ($arch -eq $KeepArch) { $kept += $payload }
            else { [Array]::Clear($elf, $entry + $headerSize, $payload); $zeroed += $payload }
            $entry += $headerSize + $payload
        }
        $pos = $containerEnd
    }
    if ($kept -eq 0) { throw "$Path has no sm_$KeepArch code (architectures present: $($archs -join ', ')); nothing was changed." }
    [IO.File]::WriteAllBytes($Path, $elf)
    @{ Kept = $kept; Zeroed = $zeroed; Archs = @($archs) }
}
