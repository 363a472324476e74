using Cvm.Cheri;
using Cvm.Machine.Memory;

namespace Cvm.Machine.Tests;

public class TaggedMemoryTests
{
    [Fact]
    public void Mapping_is_by_page_and_unmapped_memory_refuses_host_access()
    {
        using var memory = new TaggedMemory(1 << 20);
        Assert.False(memory.IsMapped(0x2000, 1));
        memory.Map(0x2010, 0x10);
        Assert.True(memory.IsMapped(0x2000, 0x1000));
        Assert.False(memory.IsMapped(0x2ff8, 0x10));
        Assert.False(memory.TryWrite(0x2ffc, new byte[8]));
        Assert.False(memory.TryRead(0x3000, new byte[1]));
        Assert.False(memory.IsMapped(ulong.MaxValue - 3, 8));
    }

    [Fact]
    public void Unmapping_discards_contents()
    {
        using var memory = new TaggedMemory(1 << 20);
        memory.Map(0x4000, 0x1000);
        Assert.True(memory.TryWrite(0x4000, [1, 2, 3]));
        memory.Unmap(0x4000, 0x1000);
        Assert.False(memory.IsMapped(0x4000, 1));
        memory.Map(0x4000, 0x1000);
        var bytes = new byte[3];
        Assert.True(memory.TryRead(0x4000, bytes));
        Assert.Equal(new byte[3], bytes);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(15, 1)]
    [InlineData(6, 2)]
    [InlineData(12, 4)]
    [InlineData(8, 8)]
    [InlineData(0, 16)]
    public void A_host_write_of_any_width_clears_the_tag_of_the_granule_it_touches(int offset, int width)
    {
        using var memory = new TaggedMemory(1 << 20);
        memory.Map(0x8000, 0x1000);
        Assert.Equal(MemoryFault.None, memory.StoreCapability(0x8010, 0x1234, CapabilityEncoding.RootMetadata, tag: true));
        Assert.True(memory.GetTag(0x8010));
        Assert.True(memory.TryWrite(0x8010 + (ulong)offset, new byte[width]));
        Assert.False(memory.GetTag(0x8010));
        Assert.Equal(0, memory.TaggedGranuleCount);
    }

    [Fact]
    public void A_write_straddling_two_granules_clears_both_tags_and_leaves_neighbours()
    {
        using var memory = new TaggedMemory(1 << 20);
        memory.Map(0x8000, 0x1000);
        foreach (var address in new ulong[] { 0x8000, 0x8010, 0x8020, 0x8030 })
        {
            memory.StoreCapability(address, address, CapabilityEncoding.RootMetadata, tag: true);
        }
        Assert.True(memory.TryWrite(0x801c, new byte[8]));
        Assert.True(memory.GetTag(0x8000));
        Assert.False(memory.GetTag(0x8010));
        Assert.False(memory.GetTag(0x8020));
        Assert.True(memory.GetTag(0x8030));
    }

    [Fact]
    public void Capabilities_round_trip_with_their_tag_and_store_metadata_xored()
    {
        using var memory = new TaggedMemory(1 << 20);
        memory.Map(0x8000, 0x1000);
        memory.StoreCapability(0x8040, 0xabcd, CapabilityEncoding.NullMetadata, tag: false);
        var raw = new byte[16];
        memory.TryRead(0x8040, raw);
        Assert.Equal(0xabcdUL, BitConverter.ToUInt64(raw));
        Assert.Equal(0UL, BitConverter.ToUInt64(raw, 8)); // NULL metadata is all zeros in memory
        memory.StoreCapability(0x8050, 7, CapabilityEncoding.RootMetadata, tag: true);
        Assert.Equal(MemoryFault.None, memory.LoadCapability(0x8050, out var cursor, out var metadata, out var tag));
        Assert.Equal((7UL, CapabilityEncoding.RootMetadata, true), (cursor, metadata, tag));
    }

    [Fact]
    public void Capability_access_to_unmapped_memory_faults()
    {
        using var memory = new TaggedMemory(1 << 20);
        Assert.Equal(MemoryFault.Unmapped, memory.StoreCapability(0x9000, 1, CapabilityEncoding.RootMetadata, tag: true));
        Assert.Equal(MemoryFault.Unmapped, memory.LoadCapability(0x9000, out _, out _, out _));
        Assert.Equal(0, memory.TaggedGranuleCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void A_guest_store_of_every_width_clears_the_tag(int width)
    {
        // sb/sh/sw/sd x0, 4(t0) with t0 pointing at a tagged granule.
        var store = width switch { 1 => Encode.Sb(5, 0, 4), 2 => Encode.Sh(5, 0, 4), 4 => Encode.Sw(5, 0, 4), _ => Encode.Sd(5, 0, 8) };
        using var machine = new TestMachine(store, Encode.Ecall);
        machine.Memory.StoreCapability(TestMachine.DataBase, 1, CapabilityEncoding.RootMetadata, tag: true);
        machine.Hart.SetRegister(5, TestMachine.DataBase);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(10);
        Assert.False(machine.Memory.GetTag(TestMachine.DataBase));
    }

    [Fact]
    public void Guest_accesses_outside_the_data_capability_bounds_raise_a_cheri_length_fault()
    {
        using var machine = new TestMachine(Encode.Ld(6, 5, 0), Encode.Ecall);
        machine.Hart.SetDataCapability(BoundedRoot(TestMachine.DataBase, 0x100));
        machine.Hart.SetRegister(5, TestMachine.DataBase + 0xfc);
        var handler = new StopOnTrap();
        machine.Hart.TrapHandler = handler;
        machine.Hart.Run(10);
        var trap = Assert.Single(handler.Traps);
        Assert.Equal(TrapCause.Cheri, trap.Cause);
        Assert.Equal(0x421UL, trap.Value);
    }

    private static Capability BoundedRoot(ulong baseAddress, ulong length) => Capability.Root.SetAddress(baseAddress).SetBounds(length);

    [Theory]
    [InlineData(false, 0x433UL)] // a store through a DDC without Permit_Store
    [InlineData(true, 0x432UL)] // a load through a DDC without Permit_Load
    public void The_data_capability_permissions_are_checked_before_bounds(bool load, ulong mtval)
    {
        using var machine = new TestMachine(load ? Encode.Ld(6, 5, 0) : Encode.Sd(5, 6, 0), Encode.Ecall);
        var missing = load ? CapabilityPermissions.Load : CapabilityPermissions.Store;
        machine.Hart.SetDataCapability(Capability.Root.AndPermissions(~missing));
        machine.Hart.SetRegister(5, TestMachine.DataBase);
        var handler = new StopOnTrap();
        machine.Hart.TrapHandler = handler;
        machine.Hart.Run(10);
        var trap = Assert.Single(handler.Traps);
        Assert.Equal((TrapCause.Cheri, mtval), (trap.Cause, trap.Value));
    }

    [Fact]
    public void An_untagged_data_capability_allows_no_access()
    {
        using var machine = new TestMachine(Encode.Ld(6, 5, 0), Encode.Ecall);
        machine.Hart.SetDataCapability(Capability.FromInteger(0));
        machine.Hart.SetRegister(5, TestMachine.DataBase);
        var handler = new StopOnTrap();
        machine.Hart.TrapHandler = handler;
        machine.Hart.Run(10);
        Assert.Equal(0x422UL, Assert.Single(handler.Traps).Value);
    }

    [Fact]
    public void Sizes_that_are_not_whole_pages_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaggedMemory(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaggedMemory(0));
    }
}

public class MemoryWindowTests
{
    [Fact]
    public void Repeated_slow_path_accesses_to_one_page_do_not_rescan_the_page_map()
    {
        // 1000 times: fsd f0, 0(t0); amoadd.d x0, t1, (t0); ld t3, 8(t0). Atomics always take the slow path.
        using var machine = new TestMachine(
            Encode.S(0x27, 3, 5, 0, 0), Encode.AmoAddD(0, 5, 6), Encode.Ld(28, 5, 8), Encode.Addi(7, 7, -1),
            Encode.B(1, 7, 0, -16), Encode.Ebreak);
        machine.Hart.EnableFloatingPoint();
        machine.Hart.SetRegister(5, TestMachine.DataBase);
        machine.Hart.SetRegister(6, 1);
        machine.Hart.SetRegister(7, 1000);
        machine.Hart.TrapHandler = new StopOnTrap();
        machine.Hart.Run(10_000);
        Assert.Equal(0UL, machine.Hart.GetRegister(7)); // all 1000 iterations ran
        Assert.Equal(1UL, machine.ReadUInt64(TestMachine.DataBase)); // fsd of +0.0, then the AMO's +1
        Assert.True(machine.Memory.WindowRecentres < 10, $"{machine.Memory.WindowRecentres} recentres");
    }
}
