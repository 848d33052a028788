using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class RunTablesTests
{
    [Fact]
    public void The_latency_table_has_a_row_per_metric_and_a_column_per_statistic_formatted_by_the_catalogue()
    {
        ReportTable table = RunTables.Latency(RunData.Summary);

        Assert.Equal(["TTFT", "TPOT", "ITL", "E2EL"], table.Rows.Select(r => r.Label));
        Assert.Equal(["Mean (ms)", "Median (ms)", "P90 (ms)", "P95 (ms)", "P99 (ms)", "P99.9 (ms)", "Max (ms)"], table.Columns.Select(c => c.Header));
        Assert.Equal(MetricCatalog.Get("p99_ttft_ms").Format(RunData.Summary), table.Rows[0].Cells[4].Text);
        Assert.Equal("20.00", table.Rows[1].Cells[0].Text);
    }

    [Fact]
    public void An_open_loop_adds_the_client_queue_rows()
    {
        ReportTable table = RunTables.Latency(RunData.Summary with { RequestRate = 10 });

        Assert.Equal(["TTFT", "TPOT", "ITL", "E2EL", "Client Queue Time", "TTFT incl. Client Queue", "E2EL incl. Client Queue"], table.Rows.Select(r => r.Label));
    }

    [Fact]
    public void The_results_show_counts_throughput_and_the_concurrency_that_was_set()
    {
        ReportTable table = RunTables.Results(RunData.Summary);

        Assert.Equal("54", Row(table, "Successful requests"));
        Assert.Equal("6", Row(table, "Failed requests"));
        Assert.Equal("4", Row(table, "Maximum request concurrency"));
        Assert.DoesNotContain(table.Rows, r => r.Label.StartsWith("Request rate", StringComparison.Ordinal));
    }

    [Fact]
    public void Goodput_appears_only_with_slos_and_names_every_term()
    {
        ReportTable? goodput = RunTables.Goodput(RunData.Summary);

        Assert.NotNull(goodput);
        Assert.Equal(4, goodput.Rows.Count);
        Assert.Contains("ttft", goodput.Caption, StringComparison.Ordinal);
        Assert.Null(RunTables.Goodput(RunData.Summary with { Slo = null }));
    }

    [Fact]
    public void Errors_list_each_class_and_status_with_the_first_message()
    {
        ReportTable? errors = RunTables.Errors(RunData.Summary);

        ReportRow row = Assert.Single(errors!.Rows);
        Assert.Equal("http_status 503", row.Label);
        Assert.Equal(["6", "HTTP 503: overloaded"], row.Cells.Select(c => c.Text));
        Assert.Null(RunTables.Errors(new RunSummary()));
    }

    [Fact]
    public void Client_health_shows_its_numbers_and_says_when_the_client_kept_up()
    {
        ReportTable table = RunTables.ClientHealth(RunData.Health);

        Assert.Equal("31.0", Row(table, "CPU (% of machine)"));
        Assert.Equal("4.25", Row(table, "Timer lag max (ms)"));
        Assert.Equal("The client kept up: no warning.", table.Caption);
        Assert.StartsWith("Warnings: client timers fired", RunTables.ClientHealth(RunData.Health with { TimerLagP99Ms = 40 }).Caption, StringComparison.Ordinal);
    }

    private static string Row(ReportTable table, string label) => table.Rows.Single(r => r.Label == label).Cells.Single().Text;
}
