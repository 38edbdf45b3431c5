using Xunit;
using Xunit.Sdk;

namespace AlignLab.Testing.Support;

/// <summary>
/// A fact of a shared contract class (such as the review queue contract) that each implementation's project derives
/// from. Unlike a plain fact it is discovered per derived class, so it is skipped when that class carries a
/// <see cref="TestRequirementAttribute"/> whose requirement is missing, and runs as a plain fact otherwise.
/// </summary>
[XunitTestCaseDiscoverer("AlignLab.Testing.Support.ContractFactDiscoverer", "AlignLab.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractFactAttribute : FactAttribute;
