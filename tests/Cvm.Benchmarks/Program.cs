using BenchmarkDotNet.Running;

// `emulator-vs-qemu [ITERATIONS] [PAIRS] [--confine] [--engine auto|interp|jit]` runs the emulator-against-qemu
// comparison in process; `exec-vs-qemu [ITERATIONS] [PAIRS] [--cvm PATH] [--confine] [--engine X]` the same with
// `cvm exec` as a separate process (start-up included, ExecVsQemu.cs); `confine-vs-root`, `capmode-vs-intmode` and
// `cinvoke-round-trips` [N] [PAIRS] compare two ways of running the same work (ModeComparison.cs);
// `contract-guest-to-guest` prints the instructions of one contract call between two cVMs; anything else goes to
// BenchmarkDotNet: the benchmarks chosen on the command line, e.g. `--filter *Capability*` (none: it lists them).
if (args is ["emulator-vs-qemu", .. var rest])
{
    return Cvm.Benchmarks.EmulatorVsQemu.Run(rest);
}
if (args is ["exec-vs-qemu", .. var execArguments])
{
    return Cvm.Benchmarks.ExecVsQemu.Run(execArguments);
}
if (args is [("confine-vs-root" or "capmode-vs-intmode" or "cinvoke-round-trips") and var mode, .. var modeArguments])
{
    return Cvm.Benchmarks.ModeComparison.Run(mode, modeArguments);
}
if (args is ["contract-guest-to-guest"])
{
    return Cvm.Benchmarks.ContractBenchmarks.GuestToGuest();
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
