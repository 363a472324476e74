using System.Text;
using Cvm.Testing;

namespace Cvm.Monitor.Tests;

public sealed class ScenarioTests
{
    [ReferenceFact(GuestBuilder.Compiler)]
    public void Hello_prints_probes_a_capfile_and_reads_it_through_the_capability()
    {
        var (monitor, result) = Deployment.Run(m =>
        {
            m.AddCapFile(new CapFileDefinition
            {
                Name = "greeting",
                Size = 64,
                Data = Encoding.ASCII.GetBytes("Hello, cVMs!!"),
                Access = [new CapFileGrant("hello", Read: true, Write: false)],
            });
            m.AddCvm(Deployment.Cvm("hello", "hello.c", 0));
        });
        using (monitor)
        {
            Assert.Empty(result.Faults);
            Assert.Equal("hello from hello\nHello, cVMs!!\n", result["hello"].Console);
            Assert.True(result.Succeeded, result["hello"].ToString());
            Assert.Equal(64, result["hello"].BytesShared);
        }
    }
}
