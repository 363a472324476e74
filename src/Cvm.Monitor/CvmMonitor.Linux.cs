using System.Text;
using Cvm.Machine;
using Cvm.Machine.Linux;

namespace Cvm.Monitor;

/// <summary>
/// Linux cVMs: an unmodified static program whose <c>ecall</c>s are Linux system calls, served by a
/// <see cref="LinuxPersonality"/> that belongs to that cVM alone. The personality may touch only the cVM's own
/// bounds (its DDC), since every other cVM's memory is mapped in the same address space; the native hostcall gate
/// keeps working for the program, as for any cVM.
/// </summary>
public sealed partial class CvmMonitor
{
    /// <summary>Refuses a Linux cVM the personality could not serve, before anything is built.</summary>
    private static void CheckLinuxDefinition(CvmDefinition cvm)
    {
        if (cvm.Linux?.FileRoot is { } root && !Directory.Exists(root))
        {
            throw new CvmConfigurationException($"cVM '{cvm.Name}': file root '{root}' is not a directory");
        }
    }

    /// <summary>
    /// Gives a Linux cVM a fresh personality (heap and mappings between its image and its stacks) and its main
    /// thread, started on the kernel's initial stack (argc, argv, envp, auxv) in the cVM's first stack slot.
    /// </summary>
    private GuestThread StartLinuxProgram(CvmInstance cvm)
    {
        EndLinuxPersonality(cvm);
        var definition = cvm.Definition;
        var iso = definition.Isolation;
        var linux = new LinuxPersonality(Memory, cvm.Program, new LinuxOptions
        {
            Arguments = definition.Args.Count > 0 ? definition.Args : [cvm.Name],
            Environment = definition.Linux!.Environment,
            StandardOutput = new ConsoleSink(this, cvm),
            StandardError = new ConsoleSink(this, cvm),
            FileRoot = definition.Linux.FileRoot,
            RandomSeed = definition.Linux.RandomSeed,
            AccessibleRange = new GuestAddressRange(iso.Begin, iso.End),
        }, cvm.HeapEnd);
        cvm.Linux = linux;
        var stackPointer = linux.BuildInitialStack(cvm.StackTops[0]);
        // a0 is the dynamic linker's exit hook, which a static program's start-up code registers unless it is zero.
        return CreateThread(cvm, cvm.Program.Entry, a0: 0, a1: 0, stackPointer)!;
    }

    /// <summary>Closes the files a Linux cVM left open; its personality ends with the cVM.</summary>
    private static void EndLinuxPersonality(CvmInstance cvm)
    {
        cvm.Linux?.Dispose();
        cvm.Linux = null;
    }

    /// <summary>
    /// Serves a Linux system call made by <paramref name="cvm"/>'s own code. exit and exit_group (and a signal
    /// sent to itself) end the cVM, never the monitor; inside a CP_Call the thread belongs to the caller, so the
    /// callee's exit is a fault of that call instead.
    /// </summary>
    private TrapDisposition ServeLinuxSystemCall(Hart hart, GuestThread thread, CvmInstance cvm, LinuxPersonality linux, ulong pc)
    {
        cvm.Crossings++;
        if (!linux.ServeSystemCall(hart))
        {
            return TrapDisposition.Complete;
        }
        var status = linux.ExitCode!.Value;
        if (ReadFrames(thread).Count > 0)
        {
            var trap = new Trap(TrapCause.EnvironmentCallFromUser, 0, pc);
            _afterSlice = () => HandleFault(thread, cvm, FaultKind.ForbiddenEcall, trap, $"exit({status}) during a CP_Call");
            return TrapDisposition.Stop;
        }
        return Suspend(hart, pc, () =>
        {
            cvm.ExitCode = status;
            Terminate(cvm, CvmState.Exited, CvmError.Stopped);
        });
    }

    /// <summary>A Linux cVM's stdout or stderr: text goes to its console, as a native cVM's console writes do.</summary>
    private sealed class ConsoleSink(CvmMonitor monitor, CvmInstance cvm) : Stream
    {
        // Keeps a multi-byte character split across two writes whole.
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var characters = new char[_decoder.GetCharCount(buffer, flush: false)];
            _decoder.GetChars(buffer, characters, flush: false);
            var text = new string(characters);
            cvm.Console.Append(text);
            monitor._options.ConsoleWriter?.Invoke(cvm.Name, text);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
