using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class TraceTimelineTests
{
    private static TraceTimeline Arrange((int Line, double Ms)[] lines, bool sort = false, bool absolute = false, TraceWindow? window = null) =>
        TraceTimeline.Arrange("t.jsonl", lines, sort, absolute, window ?? TraceWindow.Whole);

    [Fact]
    public void Ordered_lines_are_due_at_their_own_times_with_equal_times_kept()
    {
        var timeline = Arrange([(1, 0), (2, 250), (3, 250), (5, 1000)]);

        Assert.Equal([0, 1, 2, 3], timeline.Order);
        Assert.Equal([0.0, 250, 250, 1000], timeline.OffsetsMs);
    }

    [Fact]
    public void A_time_that_goes_backwards_is_refused_naming_both_lines_and_the_fix()
    {
        var error = Assert.Throws<WorkloadException>(() => Arrange([(1, 0), (2, 500), (4, 300)]));

        Assert.Equal("t.jsonl line 4: timestamp 300 is earlier than line 2's 500; sort the file by time or pass --trace-sort.", error.Message);
    }

    [Fact]
    public void Trace_sort_orders_by_time_keeping_file_order_among_equal_times()
    {
        var timeline = Arrange([(1, 0), (2, 500), (3, 300), (4, 300)], sort: true);

        Assert.Equal([0, 2, 3, 1], timeline.Order);
        Assert.Equal([0.0, 300, 300, 500], timeline.OffsetsMs);
    }

    [Fact]
    public void A_negative_time_is_refused_even_with_trace_sort()
    {
        var error = Assert.Throws<WorkloadException>(() => Arrange([(1, 0), (2, -5)], sort: true));

        Assert.StartsWith("t.jsonl line 2: timestamp -5 is negative", error.Message);
    }

    [Fact]
    public void Absolute_times_count_from_the_earliest_line_once_sorted()
    {
        // Azure times are ms from the file's first line: an earlier line is negative until sorted
        var timeline = Arrange([(2, 0), (3, -100), (4, 400)], sort: true, absolute: true);

        Assert.Equal([1, 0, 2], timeline.Order);
        Assert.Equal([0.0, 100, 500], timeline.OffsetsMs);
    }

    [Fact]
    public void A_window_keeps_its_slice_and_counts_from_its_start()
    {
        var window = new TraceWindow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var timeline = Arrange([(1, 0), (2, 999), (3, 1000), (4, 1500), (5, 2000)], window: window);

        Assert.Equal([2, 3], timeline.Order);
        Assert.Equal([0.0, 500], timeline.OffsetsMs);
    }

    [Fact]
    public void A_window_with_no_request_in_it_is_refused_with_the_traces_span()
    {
        var error = Assert.Throws<WorkloadException>(() => Arrange([(1, 0), (2, 4500)], window: new TraceWindow(TimeSpan.FromSeconds(60), null)));

        Assert.Equal("t.jsonl: no request in --trace-window 60s: (the trace spans 4.5 s); choose a slice inside it.", error.Message);
    }
}
