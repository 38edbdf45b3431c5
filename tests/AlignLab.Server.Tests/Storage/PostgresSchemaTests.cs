using AlignLab.Server.Storage;
using Npgsql;

namespace AlignLab.Server.Tests.Storage;

public sealed class PostgresSchemaTests
{
    private static int PoolCap(string connectionString)
    {
        using var dataSource = PostgresSchema.CreateDataSource(new NpgsqlConnectionStringBuilder(connectionString));
        return new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
    }

    [Theory]
    [InlineData("Host=db;Database=alignlab", PostgresSchema.DefaultMaxPoolSize)]
    [InlineData("Host=db;Database=alignlab;Maximum Pool Size=50", 50)]
    [InlineData("Host=db;Database=alignlab;MaxPoolSize=200", 200)]
    [InlineData("Host=db;Database=alignlab;Maximum Pool Size=100", 100)]
    [InlineData("Host=db;Database=alignlab;Minimum Pool Size=25", 25)]
    public void A_store_caps_its_pool_unless_the_connection_string_sets_a_cap(string connectionString, int expected)
    {
        Assert.Equal(expected, PoolCap(connectionString));
    }
}
