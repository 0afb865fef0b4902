<#
.SYNOPSIS
Regenerates src/Graph/Checking/OnnxOperators.txt from an onnx/onnx checkout.

.DESCRIPTION
Usage: dotnet pwsh scripts/onnx-operators.ps1 ONNX_GIT_REPO [REVISION] > src/Graph/Checking/OnnxOperators.txt
(a clone of https://github.com/onnx/onnx, bare or not; REVISION defaults to HEAD)

Reads docs/Changelog.md and docs/Changelog-ml.md (every version of every operator, as ONNX renders its
operator schemas) and writes, per operator version, its input/output count bounds, attributes (type,
required), formal inputs (type, optional/variadic) and type constraints. The C# side
(OnnxOperators.cs) reads that file; this script is the only thing that writes it.
#>
param([string]$Repo, [string]$Revision = 'HEAD')

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$utf8 = [System.Text.UTF8Encoding]::new($false)
[Console]::OutputEncoding = $utf8

# Schemas that call .AllowUncheckedAttributes() (`git grep AllowUncheckedAttributes onnx/defs`): ONNX's
# checker lets any attribute through on them. The changelog does not render the flag.
$UncheckedAttributes = @('- LayerNormalization 17')

$AttributeTypes = @{
    'int' = 'INT'; 'float' = 'FLOAT'; 'string' = 'STRING'; 'tensor' = 'TENSOR'; 'graph' = 'GRAPH'
    'sparse_tensor' = 'SPARSE_TENSOR'; 'type_proto' = 'TYPE_PROTO'; 'list of ints' = 'INTS'
    'list of floats' = 'FLOATS'; 'list of strings' = 'STRINGS'; 'list of tensors' = 'TENSORS'
    'list of graphs' = 'GRAPHS'; 'list of sparse_tensors' = 'SPARSE_TENSORS'; 'list of type_protos' = 'TYPE_PROTOS'
}

$HeadingPattern = [regex]'^### <a name="(?:(ai\.onnx\.[a-z.]+)\.)?([A-Za-z0-9_]+)-(\d+)"></a>.*?(\(deprecated\))?</a>$'
$SectionPattern = [regex]'^#### (\w[\w ]*?)(?: \((\d+) - (\d+|&#8734;)\))?$'
$EntryPattern = [regex]'^<dt><tt>([^<]*)</tt>(?: \(([^)]*)\))? : (.*)</dt>$'
$ListedSections = @('Attributes', 'Inputs', 'Outputs', 'Type Constraints')

function Fail([string]$message) {
    [Console]::Error.WriteLine($message)
    exit 1
}

function Invoke-Git {
    $out = & git -C $Repo @args
    if ($LASTEXITCODE -ne 0) { Fail "git -C $Repo $args failed (exit $LASTEXITCODE)" }
    $out
}

# One object per '### Op-N' entry of a changelog's lines.
function Read-Operators([string[]]$lines) {
    $op = $null
    $section = $null
    foreach ($line in $lines) {
        $heading = $HeadingPattern.Match($line)
        if ($heading.Success) {
            if ($op) { $op }
            $domain = if ($heading.Groups[1].Success) { $heading.Groups[1].Value } else { '-' }
            $op = [pscustomobject]@{
                Domain = $domain; Name = $heading.Groups[2].Value; Version = [int]$heading.Groups[3].Value
                Deprecated = $heading.Groups[4].Success; Ranges = @{}
                Sections = @{ 'Attributes' = [Collections.Generic.List[object]]::new(); 'Inputs' = [Collections.Generic.List[object]]::new()
                              'Outputs' = [Collections.Generic.List[object]]::new(); 'Type Constraints' = [Collections.Generic.List[object]]::new() }
            }
            $section = $null
            continue
        }
        if (-not $op) { continue }
        $sub = $SectionPattern.Match($line)
        if ($sub.Success) {
            $section = $sub.Groups[1].Value
            if ($sub.Groups[2].Success) {
                $high = if ($sub.Groups[3].Value -eq '&#8734;') { '*' } else { [int]$sub.Groups[3].Value }
                $op.Ranges[$section] = @([int]$sub.Groups[2].Value, $high)
            }
            continue
        }
        if ($line.StartsWith('## ') -or $line.StartsWith('# ')) { $section = $null }
        $match = $EntryPattern.Match($line)
        if ($match.Success -and $section -cin $ListedSections) {
            $op.Sections[$section].Add(@($match.Groups[1].Value, $(if ($match.Groups[2].Success) { $match.Groups[2].Value } else { $null }), $match.Groups[3].Value))
        }
    }
    if ($op) { $op }
}

function Get-Bounds($op, [string]$section) {
    if ($op.Ranges.ContainsKey($section)) { return , $op.Ranges[$section] }
    $count = $op.Sections[$section].Count
    , @($count, $count)
}

function Format-Attribute($entry) {
    $name, $rest = $entry[0], [System.Net.WebUtility]::HtmlDecode($entry[2])
    $kind = ([regex]::Replace($rest, ' \((default is .*|required)\)+$', '')).Trim()
    if (-not $AttributeTypes.ContainsKey($kind)) { Fail "unknown attribute type '$kind' of $name" }
    "  attribute $name $($AttributeTypes[$kind])$(if ($rest.EndsWith('(required)')) { ' required' })"
}

function Format-Formal([string]$kind, $entry) {
    $name, $flags, $type = $entry
    $flags = @(("$flags" -split ',') | ForEach-Object { $_.Trim() })
    $option = if ($flags -ccontains 'variadic') { if ($flags -ccontains 'heterogeneous') { 'variadic-heterogeneous' } else { 'variadic' } }
              elseif ($flags -ccontains 'optional') { 'optional' } else { 'single' }
    "  $kind $name $($type.Replace(' ', '')) $option"
}

function Format-Constraint($entry) {
    # Commas inside parentheses belong to a type: map(int64, float).
    $types = [regex]::Split([System.Net.WebUtility]::HtmlDecode($entry[2]).Replace(' ', ''), ',\s*(?![^(]*\))')
    "  constraint $($entry[0]) $($types -join ' ')"
}

if (-not $Repo) {
    [Console]::Error.WriteLine('usage: dotnet pwsh scripts/onnx-operators.ps1 ONNX_GIT_REPO [REVISION] > src/Graph/Checking/OnnxOperators.txt')
    exit 2
}

$commit = "$(Invoke-Git log -1 '--format=%H (%cs)' $Revision)".Trim()
$ops = [Collections.Generic.List[object]]::new()
foreach ($doc in 'docs/Changelog.md', 'docs/Changelog-ml.md') {
    foreach ($op in Read-Operators @(Invoke-Git show "${Revision}:$doc")) { $ops.Add($op) }
}
# Ordinal, as the table has always been sorted: domain, operator, then version as a number.
$ops.Sort([Comparison[object]] {
    param($a, $b)
    $c = [string]::CompareOrdinal($a.Domain, $b.Domain)
    if ($c -eq 0) { $c = [string]::CompareOrdinal($a.Name, $b.Name) }
    if ($c -eq 0) { $c = $a.Version.CompareTo($b.Version) }
    $c
})

$out = [Collections.Generic.List[string]]::new()
$out.Add(@"
# Every version of every ONNX operator: generated by scripts/onnx-operators.ps1 from onnx/onnx
# docs/Changelog.md and docs/Changelog-ml.md at commit $commit. Do not edit: rerun the script.
# Per '### Op-N' entry: DOMAIN OPERATOR VERSION MIN_INPUTS MAX_INPUTS MIN_OUTPUTS MAX_OUTPUTS ('*' = unbounded;
# DOMAIN '-' = ai.onnx; bounds from the '#### Inputs (min - max)' heading, else the number of inputs listed),
# or DOMAIN OPERATOR VERSION deprecated; then indented lines:
#   unchecked-attributes                    the schema lets any attribute through (AllowUncheckedAttributes)
#   attribute NAME TYPE [required]          TYPE as ONNX's AttributeProto.AttributeType names it
#   input NAME TYPE OPTION                  TYPE a constraint name or a type; OPTION single, optional,
#                                           variadic or variadic-heterogeneous
#   output NAME TYPE OPTION                 the same for a formal output
#   constraint NAME TYPE...                 the types a constraint name allows
"@.Replace("`r`n", "`n"))
foreach ($op in $ops) {
    $key = "$($op.Domain) $($op.Name) $($op.Version)"
    if ($op.Deprecated) { $out.Add("$key deprecated"); continue }
    $inputs, $outputs = (Get-Bounds $op 'Inputs'), (Get-Bounds $op 'Outputs')
    $out.Add("$key $($inputs[0]) $($inputs[1]) $($outputs[0]) $($outputs[1])")
    if ($key -cin $UncheckedAttributes) { $out.Add('  unchecked-attributes') }
    foreach ($entry in $op.Sections['Attributes']) { $out.Add((Format-Attribute $entry)) }
    foreach ($entry in $op.Sections['Inputs']) { $out.Add((Format-Formal 'input' $entry)) }
    foreach ($entry in $op.Sections['Outputs']) { $out.Add((Format-Formal 'output' $entry)) }
    foreach ($entry in $op.Sections['Type Constraints']) { $out.Add((Format-Constraint $entry)) }
}
$stdout = [Console]::OpenStandardOutput()
$bytes = $utf8.GetBytes(($out -join "`n") + "`n")
$stdout.Write($bytes, 0, $bytes.Length)
$stdout.Flush()
