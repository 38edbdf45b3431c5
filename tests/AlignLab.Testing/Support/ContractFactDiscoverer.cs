using Xunit.Abstractions;
using Xunit.Sdk;

namespace AlignLab.Testing.Support;

/// <summary>
/// Discovers a <see cref="ContractFactAttribute"/> fact on its concrete test class: skipped, with the reason, when a
/// <see cref="TestRequirementAttribute"/> on that class is unavailable, otherwise discovered as a plain fact.
/// </summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var reason = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(TestRequirementAttribute).AssemblyQualifiedName)
            .OfType<IReflectionAttributeInfo>()
            .Select(a => ((TestRequirementAttribute)a.Attribute).Unavailable())
            .FirstOrDefault(r => r is not null);
        if (reason is null)
        {
            return _fact.Discover(discoveryOptions, testMethod, factAttribute);
        }

        return
        [
            new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason),
        ];
    }
}
