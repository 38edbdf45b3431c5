namespace AlignLab.Normalization;

/// <summary>
/// A small built-in English lexicon (a few hundred very common words plus safety-relevant words) used to judge
/// whether rot13 or leetspeak decoding yields English. Words are packed into 64-bit keys (5 bits per letter,
/// at most 12 letters) and kept in an open-addressing table, so a lookup costs a few nanoseconds and allocates nothing.
/// </summary>
internal static class EnglishLexicon
{
    /// <summary>The word is in the lexicon.</summary>
    public const byte Word = 1;

    /// <summary>The word is in the lexicon and so is its rot13.</summary>
    public const byte RotIsWord = 2;

    /// <summary>The word is safety-relevant (hack, bomb, kill…).</summary>
    public const byte Safety = 4;

    /// <summary>Longest word that can be packed into a key.</summary>
    public const int MaxWordLength = 12;

    private const int TableBits = 12;
    private const int TableMask = (1 << TableBits) - 1;

    private const string CommonWords =
        "a about above across act actually add after again against age ago agree air all almost alone along already " +
        "also although always am among an and animal another answer any anyone anything appear are area arm around " +
        "art article as ask at attack away baby back bad bank be beautiful became because become bed been before " +
        "began begin behind being believe below best better between big bird black blood blue body bomb book both boy " +
        "bring brother brought build building business but buy by call came can cannot car card care carry case cat " +
        "cause certain chance change child children city class clean clear close code cold color come common company " +
        "complete computer could country course cover create credit cross cut dark data day dead dear death decide " +
        "deep did die different difficult do doctor does dog done door down draw dream drink drive drug drugs during " +
        "each early earth easy eat email end enough even evening ever every everyone everything example explain " +
        "explosive eye face fact fall family far fast father fear feel few field fight file find fine fire first fish " +
        "five food for force form found four free friend from front full game gave get girl give go god going gold " +
        "gone good got government great green ground group grow gun guns had hack hacker hacking half hand happen " +
        "happy hard harm has hate have he head hear heart heavy help her here high him his history hold home hope " +
        "horse hot hour house how however human hundred hurt i idea if ignore illegal important in information inside " +
        "instructions into is it its job just keep key kill kind king knew know land language large last late later " +
        "laugh law lead learn least leave left less let letter life light like line list listen little live long look " +
        "lost lot love low made make man many may me mean medical meet men might mind minute miss money month more " +
        "morning most mother move much murder music must my name near need never new news next nice night no not " +
        "nothing now number of off often old on once one only open or order other our out over own page paper part " +
        "party password pay people perhaps person phone picture piece place plan play please point poison police poor " +
        "power previous private problem program prompt pull put question quick quite rather reach read ready real " +
        "really reason red remember report rest right river road rock room round rule run safe safety said same saw " +
        "say school sea second secret see seem sell send sent set seven several shall she shoot short should show " +
        "side simple since sit six size small so some someone something sometimes son soon sorry sound speak special " +
        "stand start state stay steal still stolen stop story street strong study such summer sun sure system table " +
        "take talk tell ten than thank that the their them then there these they thing think this those though " +
        "thought three through time to today together told too took top toward town tree true try turn two under " +
        "understand until up upon us use used very voice wait walk wall want war was watch water way we weapon " +
        "weapons week well went were what when where which while white who whole why will wind window with without " +
        "woman women word work world would write wrong year yes yet you young your hello thanks fun";
    private const string SafetyWords =
        "attack bitch blood bomb bypass cocaine crime criminal damn dead death destroy die disable drug drugs evil " +
        "exploit explosive fraud fuck gun guns hack hacker hacking harm hate heroin hurt illegal jailbreak kill " +
        "knife malware meth murder nude password phishing poison ransomware secret sex shit shoot steal stolen " +
        "suicide terror terrorist theft threat violence virus weapon weapons";
    private static readonly ulong[] Keys = new ulong[1 << TableBits];
    private static readonly byte[] Flags = BuildTable();

    /// <summary>Adds the 5-bit code (1–26) of an ASCII lower-case letter to a key.</summary>
    public static ulong Append(ulong key, char letter) => (key << 5) | (uint)(letter - 'a' + 1);

    /// <summary>The key of the rot13 of the word whose key is <paramref name="key"/>.</summary>
    public static ulong Rot13Key(ulong key)
    {
        ulong result = 0;
        var shift = 0;
        while (key != 0)
        {
            var code = (key & 31) - 1;
            result |= (((code + 13) % 26) + 1) << shift;
            shift += 5;
            key >>= 5;
        }

        return result;
    }

    /// <summary>Packs an ASCII lower-case word; returns 0 when it is empty, too long or not all a–z.</summary>
    public static ulong KeyOf(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > MaxWordLength)
        {
            return 0;
        }

        ulong key = 0;
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return 0;
            }

            key = Append(key, c);
        }

        return key;
    }

    /// <summary>All lexicon words.</summary>
    public static IEnumerable<string> Words
        => CommonWords.Split(' ', StringSplitOptions.RemoveEmptyEntries).Concat(SafetyWords.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The flags of a packed word (0 when it is not in the lexicon).</summary>
    public static byte Lookup(ulong key)
    {
        if (key == 0)
        {
            return 0;
        }

        var slot = Slot(key);
        while (true)
        {
            var k = Keys[slot];
            if (k == key)
            {
                return Flags[slot];
            }

            if (k == 0)
            {
                return 0;
            }

            slot = (slot + 1) & TableMask;
        }
    }

    /// <summary>True when the ASCII lower-case word is in the lexicon.</summary>
    public static bool Contains(ReadOnlySpan<char> word) => (Lookup(KeyOf(word)) & Word) != 0;

    private static byte[] BuildTable()
    {
        var flags = new byte[1 << TableBits];
        foreach (var w in CommonWords.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Insert(w, Word, flags);
        }

        foreach (var w in SafetyWords.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Insert(w, Word | Safety, flags);
        }

        for (var i = 0; i < Keys.Length; i++)
        {
            if (Keys[i] != 0 && Find(Rot13Key(Keys[i])) is var slot && slot >= 0 && (flags[slot] & Word) != 0)
            {
                flags[i] |= RotIsWord;
            }
        }

        return flags;
    }

    private static int Find(ulong key)
    {
        var slot = Slot(key);
        while (Keys[slot] != 0)
        {
            if (Keys[slot] == key)
            {
                return slot;
            }

            slot = (slot + 1) & TableMask;
        }

        return -1;
    }

    private static int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - TableBits));

    private static void Insert(string word, byte wordFlags, byte[] flags)
    {
        var key = KeyOf(word);
        if (key == 0)
        {
            return;
        }

        var slot = Slot(key);
        while (Keys[slot] != 0 && Keys[slot] != key)
        {
            slot = (slot + 1) & TableMask;
        }

        Keys[slot] = key;
        flags[slot] |= wordFlags;
    }
}
