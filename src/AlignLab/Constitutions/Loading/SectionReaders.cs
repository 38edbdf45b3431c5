namespace AlignLab.Constitutions.Loading;

/// <summary>The reader of each section a constitution may have (include: is resolved by the document reader).</summary>
internal static class SectionReaders
{
    public static IReadOnlyDictionary<string, ISectionReader> ByKey { get; } = new ISectionReader[]
    {
        new TextSectionReader("name", (d, text) => d.Name = text),
        new TextSectionReader("version", (d, text) => d.Version = text),
        new TextSectionReader("description", (d, text) => d.Description = text),
        new PrinciplesSectionReader(),
        new RulesSectionReader(),
        new ThresholdsSectionReader(),
        new ClassifierSectionReader(),
        new CategoriesSectionReader(),
        new StagesSectionReader(),
        new AdjustmentsSectionReader("contexts", d => d.Contexts),
        new AdjustmentsSectionReader("profiles", d => d.Profiles),
        new DefaultMessagesSectionReader(),
        new ModelsSectionReader(),
        new JudgesSectionReader(),
        new CritiqueSectionReader(),
        new ConsensusSectionReader(),
        new CacheSectionReader(),
        new ContextInjectionSectionReader(),
        new PiiSectionReader(),
        new ReviewQueueSectionReader(),
    }.ToDictionary(r => r.Key, StringComparer.Ordinal);
}
