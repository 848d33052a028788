using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Tests.Engine;

public sealed class BlockHashBuilderTests
{
    [Fact]
    public void Prompts_with_a_common_prefix_get_equal_hashes_for_its_full_blocks_only()
    {
        var a = Hashes(blockSize: 4, Enumerable.Range(0, 18));                      // 4 full blocks and 2 tokens
        var b = Hashes(blockSize: 4, Enumerable.Range(0, 9).Append(999).Append(10)); // differs at token 9, in block 2

        Assert.Equal(4, a.Length); // the partial block has no hash
        Assert.Equal(2, b.Length);
        Assert.Equal(a[..2], b[..2]);
        Assert.NotEqual(a[2], Hashes(blockSize: 4, Enumerable.Range(0, 9).Append(999).Concat(Enumerable.Range(10, 8)))[2]);
    }

    [Fact]
    public void A_difference_breaks_the_chain_at_its_block_and_every_block_after_it()
    {
        var tokens = Enumerable.Range(0, 32).ToArray();
        var changed = (int[])tokens.Clone();
        changed[13] = -5; // block 3 of 8

        var a = Hashes(blockSize: 4, tokens);
        var b = Hashes(blockSize: 4, changed);

        Assert.Equal([true, true, true, false, false, false, false, false], a.Zip(b, (x, y) => x == y).ToArray());
    }

    [Fact]
    public void A_block_hash_depends_on_its_position_through_the_chain_not_only_on_its_tokens()
    {
        // the same four tokens as block 0 and as block 1 hash differently
        var hashes = Hashes(blockSize: 4, [7, 7, 7, 7, 7, 7, 7, 7]);

        Assert.NotEqual(hashes[0], hashes[1]);
    }

    [Fact]
    public void A_clone_extends_a_shared_start_exactly_as_feeding_everything_at_once()
    {
        var start = new BlockHashBuilder(4);
        foreach (var token in Enumerable.Range(0, 6))
        {
            start.Add(token);
        }

        var clone = start.Clone();
        foreach (var token in Enumerable.Range(6, 10))
        {
            clone.Add(token);
        }

        Assert.Equal(Hashes(4, Enumerable.Range(0, 16)), clone.ToArray());
        Assert.Single(start.ToArray()); // the original is untouched
    }

    internal static ulong[] Hashes(int blockSize, IEnumerable<int> tokens)
    {
        var builder = new BlockHashBuilder(blockSize);
        foreach (var token in tokens)
        {
            builder.Add(token);
        }

        return builder.ToArray();
    }
}
