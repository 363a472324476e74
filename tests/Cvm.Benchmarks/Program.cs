using BenchmarkDotNet.Running;

// `emulator-vs-qemu [ITERATIONS] [PAIRS] [--confine] [--engine auto|interp|jit]` runs the emulator-against-qemu comparison; anything else goes to
// BenchmarkDotNet: the benchmarks chosen on the command line, e.g. `--filter *Capability*` (none: it lists them).
if (args is ["emulator-vs-qemu", .. var rest])
{
    return Cvm.Benchmarks.EmulatorVsQemu.Run(rest);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
