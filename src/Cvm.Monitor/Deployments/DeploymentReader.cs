using System.Globalization;
using System.Text;

namespace Cvm.Monitor.Deployments;

/// <summary>What reading a deployment file gave: the deployment and where its values are, or the errors.</summary>
public sealed record DeploymentReadResult(Deployment? Deployment, DeploymentSource Source, IReadOnlyList<DeploymentDiagnostic> Diagnostics);

/// <summary>
/// Reads a deployment from YAML: Intravisor's schema (documents with <c>capfiles:</c> and <c>cVMs:</c>) and
/// CvmSdk's extensions (<c>calls:</c>, <c>defaults:</c> and more keys per cVM and buffer; docs/deployment.md lists
/// them all). It checks the shape of the file — known keys, value types, number syntax — and records where every
/// value is; <see cref="DeploymentValidator"/> checks what the values mean.
/// </summary>
public static class DeploymentReader
{
    /// <summary>Largest deployment file accepted (deployments are a few kilobytes; shared-buffer data included).</summary>
    public const int MaxFileBytes = 1 << 20;

    private static readonly string[] TopLevelKeys = ["capfiles", "cVMs", "calls", "defaults"];
    private static readonly string[] CapFileKeys = ["name", "size", "data", "owner", "access"];
    private static readonly string[] ExportKeys = ["name", "symbol", "buffer", "max_call_instructions"];
    private static readonly string[] CvmKeys =
    [
        "name", "runtime", "isolation", "args", "wait", "callback_out", "personality", "file_root", "stack_size",
        "heap_size", "threads", "max_instructions", "max_call_instructions", "exports", "on_fault", "store_capabilities",
    ];
    private static readonly string[] IsolationKeys = ["base", "size", "begin", "end"];
    private static readonly string[] CallKeys = ["caller", "callee", "export"];
    private static readonly string[] DefaultsKeys =
    [
        "stack_size", "heap_size", "threads", "max_instructions", "max_call_instructions", "on_fault", "personality",
        "store_capabilities", "region_size", "layout_base", "guard_size",
    ];

    // Intravisor keys that have no meaning here, with the reason given to whoever wrote them.
    private static readonly Dictionary<string, string> UnsupportedIntravisorKeys = new(StringComparer.Ordinal)
    {
        ["addr"] = "pre-defined buffer addresses are not supported (Intravisor ignores them too); the monitor places shared buffers",
        ["disk"] = "block-device images belong to Intravisor's LKL library OS, which CvmSdk does not ship; use personality: linux with file_root",
        ["net"] = "network devices belong to Intravisor's LKL library OS, which CvmSdk does not ship",
        ["callback_in"] = "nested cVMs are not supported; cVMs call each other through 'calls' instead",
        ["clean_room"] = "cVMs never get capability-store permission unless store_capabilities is true",
        ["fork"] = "snapshots and forking are not supported",
        ["template"] = "snapshots and forking are not supported",
        ["resume"] = "snapshots and forking are not supported",
        ["snapshot_path"] = "snapshots and forking are not supported",
    };

    /// <summary>
    /// Reads the deployment file at <paramref name="path"/>; relative paths in it resolve against its directory, and
    /// messages name the file as <paramref name="path"/> spells it, as compilers do.
    /// </summary>
    public static DeploymentReadResult ReadFile(string path)
    {
        var source = new DeploymentSource(path);
        DeploymentReadResult Refuse(string message) =>
            new(null, source, [new DeploymentDiagnostic("deployment", message, path, new SourcePosition(1, 1))]);
        if (Directory.Exists(path))
        {
            return Refuse($"'{path}' is a directory, not a deployment file");
        }
        string text;
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxFileBytes)
            {
                return Refuse($"the file is {stream.Length} bytes; deployment files larger than {MaxFileBytes} bytes are not accepted");
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (FileNotFoundException)
        {
            return Refuse($"'{path}' does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            return Refuse($"'{path}' does not exist");
        }
        catch (DecoderFallbackException)
        {
            return Refuse("the file is not UTF-8 text");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refuse($"cannot read '{path}': {e.Message}");
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Read(text, path, directory);
    }

    /// <summary>
    /// Reads deployment YAML <paramref name="text"/>; <paramref name="fileName"/> names it in messages and
    /// <paramref name="baseDirectory"/> is where relative paths in it resolve.
    /// </summary>
    public static DeploymentReadResult Read(string text, string fileName, string baseDirectory)
    {
        var reader = new Reader(new DeploymentSource(fileName), fileName);
        if (text.Length > MaxFileBytes)
        {
            reader.Error(new SourcePosition(1, 1), $"the text is {text.Length} characters; deployments larger than {MaxFileBytes} are not accepted");
            return reader.Result(null);
        }
        var documents = YamlTree.Parse(text, out var syntaxError);
        if (documents is null)
        {
            reader.Error(syntaxError.Position, syntaxError.Message);
            return reader.Result(null);
        }
        var deployment = reader.ReadDocuments(documents, baseDirectory);
        return reader.Result(deployment);
    }

    private sealed class Reader(DeploymentSource source, string fileName)
    {
        private readonly List<DeploymentDiagnostic> _diagnostics = [];

        public DeploymentReadResult Result(Deployment? deployment) =>
            new(_diagnostics.Count == 0 ? deployment : null, source, _diagnostics);

        public void Error(SourcePosition position, string message) =>
            _diagnostics.Add(new DeploymentDiagnostic("deployment", message, fileName, position));

        public Deployment? ReadDocuments(IReadOnlyList<YamlNode?> documents, string baseDirectory)
        {
            // Intravisor writes one document per section; one document holding several sections is the same thing.
            var sections = new Dictionary<string, (YamlScalar Key, YamlNode Value)>(StringComparer.Ordinal);
            foreach (var document in documents)
            {
                if (document is null)
                {
                    continue;
                }
                if (document is not YamlMapping mapping)
                {
                    Error(document.Position, $"a deployment document must be a mapping with the keys {Join(TopLevelKeys)}");
                    continue;
                }
                foreach (var (key, value) in mapping.Entries)
                {
                    if (!CheckKey(key, TopLevelKeys, "at the top level"))
                    {
                        continue;
                    }
                    if (sections.TryGetValue(key.Value, out var earlier))
                    {
                        Error(key.Position, $"'{key.Value}' is given twice (first at line {earlier.Key.Position.Line}); put all its entries in one list");
                        continue;
                    }
                    sections[key.Value] = (key, value);
                    Record(key.Value, key, value);
                }
            }
            if (sections.Count == 0 && _diagnostics.Count == 0)
            {
                Error(new SourcePosition(1, 1), "the file declares no cVMs; a deployment needs a 'cVMs:' list");
                return null;
            }
            if (sections.Count == 0)
            {
                return null;
            }
            return new Deployment
            {
                BaseDirectory = baseDirectory,
                CapFiles = sections.TryGetValue("capfiles", out var capFiles) ? ReadList(capFiles.Value, "capfiles", "shared buffers", ReadCapFile) : [],
                Cvms = sections.TryGetValue("cVMs", out var cvms) ? ReadList(cvms.Value, "cVMs", "cVMs", ReadCvm) : [],
                Calls = sections.TryGetValue("calls", out var calls) ? ReadList(calls.Value, "calls", "call wirings", ReadCall) : [],
                Defaults = sections.TryGetValue("defaults", out var defaults) ? ReadDefaults(defaults.Value) : new DeploymentDefaults(),
            };
        }

        private IReadOnlyList<T> ReadList<T>(YamlNode node, string path, string what, Func<YamlMapping, string, T?> readItem) where T : class
        {
            if (node is YamlScalar { IsNull: true })
            {
                return [];
            }
            if (node is not YamlSequence sequence)
            {
                Error(node.Position, $"'{path}' must be a list of {what} (entries starting with '- ')");
                return [];
            }
            var items = new List<T>();
            for (int i = 0; i < sequence.Items.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                source.Record(itemPath, sequence.Items[i].Position);
                if (sequence.Items[i] is not YamlMapping mapping)
                {
                    Error(sequence.Items[i].Position, $"each entry of '{path}' must be a mapping of keys to values");
                    continue;
                }
                if (readItem(mapping, itemPath) is { } item)
                {
                    items.Add(item);
                }
            }
            return items;
        }

        private CapFileSpec? ReadCapFile(YamlMapping mapping, string path)
        {
            var values = Entries(mapping, path, CapFileKeys, "in a shared buffer (capfiles entry)");
            var name = RequiredString(values, mapping, "name", "a shared buffer", "the key cVMs probe it by");
            var size = values.TryGetValue("size", out var sizeNode) ? IntravisorHex(sizeNode, "size") : Missing<ulong?>(mapping, "a shared buffer", "size", "its size in bytes, hexadecimal");
            var data = values.TryGetValue("data", out var dataNode) ? Text(dataNode, "data") : null;
            var owner = values.TryGetValue("owner", out var ownerNode) ? Text(ownerNode, "owner") : null;
            IReadOnlyList<CapFileGrant>? access = values.TryGetValue("access", out var accessNode) ? ReadAccess(accessNode, path + ".access") : null;
            if (name is null || size is null)
            {
                return null;
            }
            return new CapFileSpec { Name = name, Size = size.Value, Data = Encoding.UTF8.GetBytes(data ?? ""), Owner = owner, Access = access };
        }

        private List<CapFileGrant>? ReadAccess(YamlNode node, string path)
        {
            if (node is not YamlMapping mapping)
            {
                Error(node.Position, "access must map cVM names to read, write or read-write (e.g. 'access: {reader: read}')");
                return null;
            }
            var grants = new List<CapFileGrant>();
            foreach (var (key, value) in mapping.Entries)
            {
                Record($"{path}.{key.Value}", key, value);
                var mode = value is YamlScalar scalar ? scalar.Value : null;
                if (mode is not ("read" or "write" or "read-write"))
                {
                    Error(value.Position, $"access of '{key.Value}' must be read, write or read-write, got {Describe(value)}");
                    continue;
                }
                grants.Add(new CapFileGrant(key.Value, Read: mode != "write", Write: mode != "read"));
            }
            return grants;
        }

        private CvmSpec? ReadCvm(YamlMapping mapping, string path)
        {
            var values = Entries(mapping, path, CvmKeys, "in a cVM");
            var name = RequiredString(values, mapping, "name", "a cVM", "its unique name");
            var runtime = RequiredString(values, mapping, "runtime", "a cVM", "the path of the ELF program it runs");
            CvmIsolation? isolation = values.TryGetValue("isolation", out var isolationNode) ? ReadIsolation(isolationNode, path + ".isolation") : null;
            var spec = name is null || runtime is null ? null : new CvmSpec
            {
                Name = name,
                Runtime = runtime,
                Isolation = isolation,
                Args = values.TryGetValue("args", out var args) ? ReadArgs(args, path + ".args") : [],
                Wait = values.TryGetValue("wait", out var wait) ? Wait(wait) : 0,
                CallbackOut = values.TryGetValue("callback_out", out var callback) ? Text(callback, "callback_out") ?? CvmSpec.MonitorCallback : CvmSpec.MonitorCallback,
                Personality = values.TryGetValue("personality", out var personality) ? Personality(personality) : null,
                FileRoot = values.TryGetValue("file_root", out var fileRoot) ? Text(fileRoot, "file_root") : null,
                StackSize = values.TryGetValue("stack_size", out var stack) ? Size(stack, "stack_size") : null,
                HeapSize = values.TryGetValue("heap_size", out var heap) ? Size(heap, "heap_size") : null,
                Threads = values.TryGetValue("threads", out var threads) ? Count(threads, "threads") : null,
                MaxInstructions = values.TryGetValue("max_instructions", out var budget) ? Size(budget, "max_instructions") : null,
                MaxCallInstructions = values.TryGetValue("max_call_instructions", out var callBudget) ? Size(callBudget, "max_call_instructions") : null,
                Exports = values.TryGetValue("exports", out var exports) ? ReadExports(exports, path + ".exports") : [],
                OnFault = values.TryGetValue("on_fault", out var onFault) ? OnFault(onFault) : null,
                StoreCapabilities = values.TryGetValue("store_capabilities", out var storeCaps) ? Bool(storeCaps, "store_capabilities") : null,
            };
            return spec;
        }

        private CvmIsolation? ReadIsolation(YamlNode node, string path)
        {
            // Intravisor writes isolation as a list holding one mapping; a bare mapping is accepted as well.
            if (node is YamlSequence sequence)
            {
                if (sequence.Items.Count != 1 || sequence.Items[0] is not YamlMapping)
                {
                    Error(node.Position, $"isolation must be one mapping with base, size, begin and end (or a list holding exactly one), got a list of {sequence.Items.Count}");
                    return null;
                }
                node = sequence.Items[0];
            }
            if (node is not YamlMapping mapping)
            {
                Error(node.Position, "isolation must be a mapping with base, size, begin and end");
                return null;
            }
            source.Record(path, mapping.Position);
            var values = Entries(mapping, path, IsolationKeys, "in isolation");
            ulong? Field(string key) => values.TryGetValue(key, out var value)
                ? IntravisorHex(value, "isolation." + key)
                : Missing<ulong?>(mapping, "isolation", key, "hexadecimal, as in Intravisor");
            var (@base, size, begin, end) = (Field("base"), Field("size"), Field("begin"), Field("end"));
            return @base is null || size is null || begin is null || end is null ? null : new CvmIsolation(@base.Value, size.Value, begin.Value, end.Value);
        }

        /// <summary>Exports: a list of names, or of mappings that also give the entry symbol, buffer and budget.</summary>
        private List<CvmExport> ReadExports(YamlNode node, string path)
        {
            if (node is not YamlSequence sequence)
            {
                Error(node.Position, "exports must be a list of function names or {name, symbol, buffer, max_call_instructions} mappings");
                return [];
            }
            var exports = new List<CvmExport>();
            for (int i = 0; i < sequence.Items.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                var item = sequence.Items[i];
                source.Record(itemPath, item.Position);
                if (item is YamlScalar scalar)
                {
                    exports.Add(new CvmExport(scalar.Value));
                    continue;
                }
                if (item is not YamlMapping mapping)
                {
                    Error(item.Position, "each export must be a function name or a mapping");
                    continue;
                }
                var values = Entries(mapping, itemPath, ExportKeys, "in an export");
                var name = RequiredString(values, mapping, "name", "an export", "the name callers use");
                var symbol = values.TryGetValue("symbol", out var symbolNode) ? Text(symbolNode, "symbol") : null;
                var buffer = values.TryGetValue("buffer", out var bufferNode) ? Buffer(bufferNode) : BufferDirection.None;
                var budget = values.TryGetValue("max_call_instructions", out var budgetNode) ? Size(budgetNode, "max_call_instructions") : null;
                if (name is not null && buffer is not null)
                {
                    exports.Add(new CvmExport(name, symbol, buffer.Value, budget));
                }
            }
            return exports;
        }

        private BufferDirection? Buffer(YamlNode node) => node switch
        {
            YamlScalar { Value: "none" } => BufferDirection.None,
            YamlScalar { Value: "in" } => BufferDirection.In,
            YamlScalar { Value: "out" } => BufferDirection.Out,
            YamlScalar { Value: "frame" } => BufferDirection.Frame,
            _ => Invalid<BufferDirection>(node, "buffer must be none, in (the callee may read the caller's buffer), out (it may also write it) or frame (a contract method's in and out areas)"),
        };

        private CallGrant? ReadCall(YamlMapping mapping, string path)
        {
            var values = Entries(mapping, path, CallKeys, "in a call wiring");
            var caller = RequiredString(values, mapping, "caller", "a call wiring", "the cVM allowed to call");
            var callee = RequiredString(values, mapping, "callee", "a call wiring", "the cVM being called");
            var export = RequiredString(values, mapping, "export", "a call wiring", "the callee's exported function");
            return caller is null || callee is null || export is null ? null : new CallGrant(caller, callee, export);
        }

        private DeploymentDefaults ReadDefaults(YamlNode node)
        {
            if (node is not YamlMapping mapping)
            {
                Error(node.Position, "'defaults' must be a mapping of keys to values");
                return new DeploymentDefaults();
            }
            var values = Entries(mapping, "defaults", DefaultsKeys, "in defaults");
            return new DeploymentDefaults
            {
                StackSize = values.TryGetValue("stack_size", out var stack) ? Size(stack, "stack_size") : null,
                HeapSize = values.TryGetValue("heap_size", out var heap) ? Size(heap, "heap_size") : null,
                Threads = values.TryGetValue("threads", out var threads) ? Count(threads, "threads") : null,
                MaxInstructions = values.TryGetValue("max_instructions", out var budget) ? Size(budget, "max_instructions") : null,
                MaxCallInstructions = values.TryGetValue("max_call_instructions", out var callBudget) ? Size(callBudget, "max_call_instructions") : null,
                OnFault = values.TryGetValue("on_fault", out var onFault) ? OnFault(onFault) : null,
                Personality = values.TryGetValue("personality", out var personality) ? Personality(personality) : null,
                StoreCapabilities = values.TryGetValue("store_capabilities", out var storeCaps) ? Bool(storeCaps, "store_capabilities") : null,
                RegionSize = values.TryGetValue("region_size", out var region) ? Size(region, "region_size") : null,
                LayoutBase = values.TryGetValue("layout_base", out var layoutBase) ? Size(layoutBase, "layout_base") : null,
                GuardSize = values.TryGetValue("guard_size", out var guard) ? Size(guard, "guard_size") : null,
            };
        }

        /// <summary>The entries of <paramref name="mapping"/> whose keys are allowed and whose values are not null.</summary>
        private Dictionary<string, YamlNode> Entries(YamlMapping mapping, string path, string[] allowed, string where)
        {
            var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (key, value) in mapping.Entries)
            {
                if (!CheckKey(key, allowed, where))
                {
                    continue;
                }
                Record($"{path}.{key.Value}", key, value);
                // "key:" with nothing after it means the key was not given, as libyaml-based Intravisor reads it.
                if (value is not YamlScalar { IsNull: true })
                {
                    values[key.Value] = value;
                }
            }
            return values;
        }

        private bool CheckKey(YamlScalar key, string[] allowed, string where)
        {
            if (allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                return true;
            }
            if (UnsupportedIntravisorKeys.TryGetValue(key.Value, out var reason))
            {
                Error(key.Position, $"'{key.Value}' is not supported: {reason}");
                return false;
            }
            var suggestion = Suggestions.Closest(key.Value, allowed);
            var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
            Error(key.Position, $"unknown key '{key.Value}' {where}{hint} (allowed: {Join(allowed)})");
            return false;
        }

        private void Record(string path, YamlScalar key, YamlNode value)
        {
            source.Record(path, value.Position);
            source.Record(path + "#key", key.Position);
        }

        private string? RequiredString(Dictionary<string, YamlNode> values, YamlMapping mapping, string key, string what, string meaning) =>
            values.TryGetValue(key, out var node) ? Text(node, key) : Missing<string>(mapping, what, key, meaning);

        private T? Missing<T>(YamlMapping mapping, string what, string key, string meaning)
        {
            Error(mapping.Position, $"{what} needs '{key}' ({meaning})");
            return default;
        }

        private string? Text(YamlNode node, string key)
        {
            if (node is YamlScalar scalar)
            {
                return scalar.Value;
            }
            Error(node.Position, $"{key} must be a single value, not a list or mapping");
            return null;
        }

        private List<string> ReadArgs(YamlNode node, string path)
        {
            // Intravisor splits one string on spaces; a YAML list keeps arguments that contain spaces.
            if (node is YamlScalar scalar)
            {
                return [.. scalar.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }
            if (node is not YamlSequence sequence)
            {
                Error(node.Position, "args must be one string (split on spaces) or a list of strings");
                return [];
            }
            var args = new List<string>();
            for (int i = 0; i < sequence.Items.Count; i++)
            {
                source.Record($"{path}[{i}]", sequence.Items[i].Position);
                if (Text(sequence.Items[i], "each entry of args") is { } text)
                {
                    args.Add(text);
                }
            }
            return args;
        }

        /// <summary>Intravisor's numbers: always hexadecimal, with or without <c>0x</c>.</summary>
        private ulong? IntravisorHex(YamlNode node, string key)
        {
            if (node is not YamlScalar scalar)
            {
                Error(node.Position, $"{key} must be a hexadecimal number, not a list or mapping");
                return null;
            }
            var digits = scalar.Value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? scalar.Value[2..] : scalar.Value;
            if (digits.Length == 0 || !digits.All(char.IsAsciiHexDigit))
            {
                Error(scalar.Position, $"{key} must be a hexadecimal number (with or without 0x, as in Intravisor), got {Quote(scalar.Value)}");
                return null;
            }
            if (digits.TrimStart('0').Length > 16)
            {
                Error(scalar.Position, $"{key} is too large: {Quote(scalar.Value)} does not fit in 64 bits");
                return null;
            }
            return ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        /// <summary>CvmSdk's numbers: decimal, or hexadecimal with <c>0x</c>, optionally times K, M or G (powers of 1024).</summary>
        private ulong? Size(YamlNode node, string key)
        {
            if (node is not YamlScalar scalar)
            {
                Error(node.Position, $"{key} must be a number, not a list or mapping");
                return null;
            }
            var text = scalar.Value;
            int shift = text.Length > 0 ? char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 } : 0;
            if (shift != 0)
            {
                text = text[..^1];
            }
            bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            var digits = hex ? text[2..] : text;
            bool wellFormed = digits.Length > 0 && (hex ? digits.All(char.IsAsciiHexDigit) : digits.All(char.IsAsciiDigit));
            if (!wellFormed)
            {
                Error(scalar.Position, $"{key} must be a whole number (decimal, or hexadecimal with 0x, optionally followed by K, M or G), got {Quote(scalar.Value)}");
                return null;
            }
            bool fits = ulong.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && value <= ulong.MaxValue >> shift;
            if (!fits)
            {
                Error(scalar.Position, $"{key} is too large: {Quote(scalar.Value)} does not fit in 64 bits");
                return null;
            }
            return value << shift;
        }

        private int? Count(YamlNode node, string key)
        {
            if (Size(node, key) is not { } value)
            {
                return null;
            }
            if (value > int.MaxValue)
            {
                Error(node.Position, $"{key} is too large: {value}");
                return null;
            }
            return (int)value;
        }

        private int Wait(YamlNode node)
        {
            if (node is YamlScalar { Value: "-1" })
            {
                return CvmSpec.WaitForExit;
            }
            if (node is YamlScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds;
            }
            Error(node.Position, $"wait must be -1 (run this cVM to its end before starting the next) or a number of seconds, got {Describe(node)}");
            return 0;
        }

        private CvmPersonality? Personality(YamlNode node) => node switch
        {
            YamlScalar { Value: "native" } => CvmPersonality.Native,
            YamlScalar { Value: "linux" } => CvmPersonality.Linux,
            _ => Invalid<CvmPersonality>(node, "personality must be native (the monitor's hostcall interface) or linux (Linux system calls)"),
        };

        private FaultPolicy? OnFault(YamlNode node) => node switch
        {
            YamlScalar { Value: "stop" } => FaultPolicy.Stop,
            YamlScalar { Value: "restart" } => FaultPolicy.Restart,
            _ => Invalid<FaultPolicy>(node, "on_fault must be stop or restart"),
        };

        private bool? Bool(YamlNode node, string key) => node switch
        {
            YamlScalar { Value: "true" } => true,
            YamlScalar { Value: "false" } => false,
            _ => Invalid<bool>(node, $"{key} must be true or false"),
        };

        private T? Invalid<T>(YamlNode node, string message) where T : struct
        {
            Error(node.Position, $"{message}, got {Describe(node)}");
            return null;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlScalar scalar => Quote(scalar.Value),
            YamlSequence => "a list",
            _ => "a mapping",
        };

        /// <summary>A value quoted for a message, shortened so a hostile megabyte-long value cannot flood the output.</summary>
        private static string Quote(string value) => value.Length <= 40 ? $"'{value}'" : $"'{value[..40]}…' ({value.Length} characters)";

        private static string Join(string[] keys) => string.Join(", ", keys);
    }
}
