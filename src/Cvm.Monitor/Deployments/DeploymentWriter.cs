using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cvm.Monitor.Deployments;

/// <summary>
/// Writes a deployment as YAML that <see cref="DeploymentReader"/> reads back to the same deployment: one document,
/// Intravisor's numbers in hexadecimal, values that were left out left out. A deployment built in C# can so be
/// saved and run with <c>cvm run</c>.
/// </summary>
public static class DeploymentWriter
{
    /// <summary>The YAML text of <paramref name="deployment"/>.</summary>
    /// <exception cref="ArgumentException">A shared buffer's data is not UTF-8 text, which YAML cannot carry.</exception>
    public static string ToYaml(Deployment deployment)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        if (deployment.CapFiles.Count > 0)
        {
            Key(emitter, "capfiles");
            List(emitter, deployment.CapFiles, WriteCapFile);
        }
        Key(emitter, "cVMs");
        List(emitter, deployment.Cvms, WriteCvm);
        if (deployment.Calls.Count > 0)
        {
            Key(emitter, "calls");
            List(emitter, deployment.Calls, (e, call) =>
            {
                Entry(e, "caller", call.Caller);
                Entry(e, "callee", call.Callee);
                Entry(e, "export", call.Export);
            });
        }
        if (deployment.Defaults != new DeploymentDefaults())
        {
            Key(emitter, "defaults");
            emitter.Emit(new MappingStart());
            WriteDefaults(emitter, deployment.Defaults);
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteCapFile(IEmitter emitter, CapFileSpec capFile)
    {
        Entry(emitter, "name", capFile.Name);
        Entry(emitter, "size", Hex(capFile.Size));
        if (capFile.Owner is { } owner)
        {
            Entry(emitter, "owner", owner);
        }
        if (capFile.Data.Count > 0)
        {
            string data;
            try
            {
                data = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. capFile.Data]);
            }
            catch (DecoderFallbackException)
            {
                throw new ArgumentException($"the data of shared buffer '{capFile.Name}' is not UTF-8 text, which a deployment file cannot hold", nameof(capFile));
            }
            Key(emitter, "data");
            emitter.Emit(new Scalar(null, null, data, ScalarStyle.DoubleQuoted, false, true));
        }
        if (capFile.Access is { } access)
        {
            Key(emitter, "access");
            emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
            foreach (var grant in access)
            {
                Entry(emitter, grant.Cvm, (grant.Read, grant.Write) switch
                {
                    (true, false) => "read",
                    (false, true) => "write",
                    _ => "read-write",
                });
            }
            emitter.Emit(new MappingEnd());
        }
    }

    private static void WriteCvm(IEmitter emitter, CvmSpec cvm)
    {
        Entry(emitter, "name", cvm.Name);
        Entry(emitter, "runtime", cvm.Runtime);
        if (cvm.Isolation is { } isolation)
        {
            Key(emitter, "isolation");
            emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
            emitter.Emit(new MappingStart());
            Entry(emitter, "base", Hex(isolation.Base));
            Entry(emitter, "size", Hex(isolation.Size));
            Entry(emitter, "begin", Hex(isolation.Begin));
            Entry(emitter, "end", Hex(isolation.End));
            emitter.Emit(new MappingEnd());
            emitter.Emit(new SequenceEnd());
        }
        if (cvm.Args.Count > 0)
        {
            Key(emitter, "args");
            Strings(emitter, cvm.Args);
        }
        if (cvm.Wait != 0)
        {
            Entry(emitter, "wait", cvm.Wait.ToString(CultureInfo.InvariantCulture));
        }
        if (cvm.CallbackOut != CvmSpec.MonitorCallback)
        {
            Entry(emitter, "callback_out", cvm.CallbackOut);
        }
        if (cvm.Personality is { } personality)
        {
            Entry(emitter, "personality", Name(personality));
        }
        if (cvm.FileRoot is { } fileRoot)
        {
            Entry(emitter, "file_root", fileRoot);
        }
        Number(emitter, "stack_size", cvm.StackSize);
        Number(emitter, "heap_size", cvm.HeapSize);
        Number(emitter, "threads", (ulong?)cvm.Threads);
        Number(emitter, "max_instructions", cvm.MaxInstructions);
        Number(emitter, "max_call_instructions", cvm.MaxCallInstructions);
        if (cvm.Exports.Count > 0)
        {
            Key(emitter, "exports");
            emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
            foreach (var export in cvm.Exports)
            {
                WriteExport(emitter, export);
            }
            emitter.Emit(new SequenceEnd());
        }
        if (cvm.OnFault is { } onFault)
        {
            Entry(emitter, "on_fault", Name(onFault));
        }
        if (cvm.StoreCapabilities is { } storeCapabilities)
        {
            Entry(emitter, "store_capabilities", storeCapabilities ? "true" : "false");
        }
    }

    /// <summary>An export as its bare name when nothing else was given, else as a mapping.</summary>
    private static void WriteExport(IEmitter emitter, CvmExport export)
    {
        if (export is { Symbol: null, Buffer: BufferDirection.None, InstructionBudget: null })
        {
            emitter.Emit(new Scalar(null, null, export.Name, ScalarStyle.Any, true, false));
            return;
        }
        emitter.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
        Entry(emitter, "name", export.Name);
        if (export.Symbol is { } symbol)
        {
            Entry(emitter, "symbol", symbol);
        }
        if (export.Buffer != BufferDirection.None)
        {
            Entry(emitter, "buffer", export.Buffer switch { BufferDirection.In => "in", BufferDirection.Out => "out", _ => "frame" });
        }
        Number(emitter, "max_call_instructions", export.InstructionBudget);
        emitter.Emit(new MappingEnd());
    }

    private static void WriteDefaults(IEmitter emitter, DeploymentDefaults defaults)
    {
        Number(emitter, "stack_size", defaults.StackSize);
        Number(emitter, "heap_size", defaults.HeapSize);
        Number(emitter, "threads", (ulong?)defaults.Threads);
        Number(emitter, "max_instructions", defaults.MaxInstructions);
        Number(emitter, "max_call_instructions", defaults.MaxCallInstructions);
        if (defaults.OnFault is { } onFault)
        {
            Entry(emitter, "on_fault", Name(onFault));
        }
        if (defaults.Personality is { } personality)
        {
            Entry(emitter, "personality", Name(personality));
        }
        if (defaults.StoreCapabilities is { } storeCapabilities)
        {
            Entry(emitter, "store_capabilities", storeCapabilities ? "true" : "false");
        }
        if (defaults.RegionSize is { } regionSize)
        {
            Entry(emitter, "region_size", Hex(regionSize));
        }
        if (defaults.LayoutBase is { } layoutBase)
        {
            Entry(emitter, "layout_base", Hex(layoutBase));
        }
        Number(emitter, "guard_size", defaults.GuardSize);
    }

    private static void List<T>(IEmitter emitter, IEnumerable<T> items, Action<IEmitter, T> write)
    {
        emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
        foreach (var item in items)
        {
            emitter.Emit(new MappingStart());
            write(emitter, item);
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new SequenceEnd());
    }

    private static void Strings(IEmitter emitter, IEnumerable<string> values)
    {
        emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Flow));
        foreach (var value in values)
        {
            emitter.Emit(new Scalar(null, null, value, ScalarStyle.DoubleQuoted, false, true));
        }
        emitter.Emit(new SequenceEnd());
    }

    private static void Number(IEmitter emitter, string key, ulong? value)
    {
        if (value is { } number)
        {
            Entry(emitter, key, number.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Key(IEmitter emitter, string key) => emitter.Emit(new Scalar(key));

    // Values are quoted whenever YAML would otherwise read them as something else (a number, null, a boolean):
    // every value of a deployment is read as text first, so quoting never changes its meaning.
    private static void Entry(IEmitter emitter, string key, string value)
    {
        Key(emitter, key);
        var style = value is "" or "~" or "null" or "Null" or "NULL" ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, true, false));
    }

    private static string Hex(ulong value) => DeploymentValidator.Hex(value);

    private static string Name(CvmPersonality personality) => personality == CvmPersonality.Linux ? "linux" : "native";

    private static string Name(FaultPolicy policy) => policy == FaultPolicy.Restart ? "restart" : "stop";
}
