namespace FieldKit.Data.Seeding;

/// <summary>
/// One town of a metro with its own zips, phone area codes and main roads; weight makes the core city
/// more common than its suburbs.
/// </summary>
internal sealed record MetroCity(string City, string State, string[] Zips, string[] AreaCodes, string[] Streets, int Weight);

/// <summary>Where a company works: its towns, and neighbourhoods for names like "The Reserve at Ballantyne".</summary>
internal sealed record Metro(string Name, MetroCity[] Cities, string[] Neighbourhoods);

/// <summary>A management company as the generators know it; the domain feeds its e-mail address.</summary>
internal sealed record ManagementSpec(string Name, string Domain);

/// <summary>Word lists and metros shared by the demo and scale seeders.</summary>
internal static class SeedData
{
    /// <summary>
    /// FNV-1a over the code's UTF-16 units: a seed that is the same in every process, unlike
    /// string.GetHashCode, which .NET randomises per process.
    /// </summary>
    public static int StableSeed(string text)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var ch in text)
            {
                hash ^= ch;
                hash *= 16777619u;
            }
            return (int)(hash & 0x7FFFFFFF);
        }
    }

    /// <summary>The metro a company works in; an unknown (newly configured) company gets Charlotte.</summary>
    public static Metro MetroFor(string companyCode) => companyCode switch
    {
        "cts" => Raleigh,
        "kleanit_sf" => SouthFlorida,
        _ => Charlotte,
    };

    public static readonly Metro Charlotte = new(
        "Charlotte",
        [
            new("Charlotte", "NC",
                ["28202", "28203", "28204", "28205", "28207", "28209", "28210", "28211", "28212", "28213", "28215",
                    "28217", "28226", "28227", "28262", "28269", "28273", "28277", "28278"],
                ["704", "980"],
                ["Providence Rd", "Park Rd", "South Blvd", "Sharon Amity Rd", "N Tryon St", "S Tryon St",
                    "Independence Blvd", "Ballantyne Commons Pkwy", "Albemarle Rd", "W.T. Harris Blvd",
                    "Mallard Creek Rd", "Monroe Rd", "Central Ave", "Fairview Rd", "Johnston Rd", "Rea Rd", "Carmel Rd",
                    "Sardis Rd", "Arrowood Rd", "Steele Creek Rd", "Beatties Ford Rd", "Sugar Creek Rd", "Eastway Dr"],
                10),
            new("Matthews", "NC", ["28104", "28105"], ["704", "980"],
                ["Matthews Township Pkwy", "E John St", "Sam Newell Rd", "Windsor Square Dr", "Fullwood Ln"], 2),
            new("Huntersville", "NC", ["28078"], ["704", "980"],
                ["Gilead Rd", "Statesville Rd", "Sam Furr Rd", "Birkdale Commons Pkwy", "Mt Holly-Huntersville Rd"], 2),
            new("Concord", "NC", ["28025", "28027"], ["704", "980"],
                ["Concord Mills Blvd", "Union St S", "Poplar Tent Rd", "George W Liles Pkwy", "Copperfield Blvd"], 2),
            new("Gastonia", "NC", ["28052", "28054", "28056"], ["704", "980"],
                ["E Franklin Blvd", "Union Rd", "New Hope Rd", "Cox Rd", "S New Hope Rd"], 2),
            new("Fort Mill", "SC", ["29707", "29708", "29715"], ["803"],
                ["Gold Hill Rd", "Tom Hall St", "Springfield Pkwy", "Dobys Bridge Rd", "Sutton Rd"], 1),
        ],
        ["Ballantyne", "SouthPark", "NoDa", "Dilworth", "Plaza Midwood", "University City", "Steele Creek",
            "Myers Park", "Uptown", "Eastover", "Cotswold", "Birkdale", "Baxter Village", "Elizabeth", "South End",
            "Mallard Creek", "Piper Glen", "Carmel Commons", "Stonecrest", "Highland Creek"]);

    public static readonly Metro Raleigh = new(
        "Raleigh",
        [
            new("Raleigh", "NC",
                ["27601", "27603", "27604", "27605", "27606", "27607", "27608", "27609", "27610", "27612", "27613",
                    "27614", "27615", "27616", "27617"],
                ["919", "984"],
                ["Glenwood Ave", "Capital Blvd", "Six Forks Rd", "Falls of Neuse Rd", "Hillsborough St", "Western Blvd",
                    "Fayetteville St", "Wake Forest Rd", "Creedmoor Rd", "Durant Rd", "Leesville Rd", "Atlantic Ave",
                    "New Bern Ave", "Poole Rd", "Tryon Rd", "Lake Boone Trl", "Millbrook Rd", "Strickland Rd"],
                8),
            new("Cary", "NC", ["27511", "27513", "27518", "27519"], ["919", "984"],
                ["Kildaire Farm Rd", "Cary Pkwy", "Harrison Ave", "Maynard Rd", "Walnut St", "High House Rd"], 3),
            new("Durham", "NC", ["27701", "27703", "27705", "27707", "27713"], ["919", "984"],
                ["Fayetteville Rd", "Hope Valley Rd", "Roxboro St", "Main St", "Cornwallis Rd", "NC Hwy 55",
                    "University Dr", "Erwin Rd"], 4),
            new("Apex", "NC", ["27502", "27523", "27539"], ["919", "984"],
                ["Davis Dr", "Salem St", "Apex Peakway", "Olive Chapel Rd", "Ten Ten Rd"], 2),
            new("Wake Forest", "NC", ["27587"], ["919", "984"],
                ["Capital Hills Dr", "S Main St", "Rogers Rd", "Heritage Lake Rd", "Forestville Rd"], 2),
        ],
        ["North Hills", "Crabtree", "Brier Creek", "Cameron Village", "Brightleaf", "Falls River", "Wakefield",
            "Beaver Creek", "Research Triangle", "Five Points", "Midtown", "Stonehenge", "Preston", "Lochmere",
            "Southpoint", "Bedford Falls", "Heritage", "Glenwood South", "Crossroads", "Morrisville"]);

    public static readonly Metro SouthFlorida = new(
        "South Florida",
        [
            new("Miami", "FL",
                ["33125", "33126", "33127", "33129", "33130", "33131", "33137", "33142", "33145", "33155", "33156",
                    "33172", "33176", "33186"],
                ["305"],
                ["Biscayne Blvd", "Brickell Ave", "Coral Way", "SW 8th St", "NW 7th Ave", "Kendall Dr", "Bird Rd",
                    "NW 36th St", "SW 27th Ave", "N Miami Ave"],
                6),
            new("Fort Lauderdale", "FL", ["33301", "33304", "33305", "33308", "33309", "33311", "33312", "33315"],
                ["954"],
                ["E Las Olas Blvd", "N Federal Hwy", "Sunrise Blvd", "Commercial Blvd", "Oakland Park Blvd",
                    "Andrews Ave", "Broward Blvd"], 4),
            new("Boca Raton", "FL", ["33431", "33432", "33433", "33434", "33486", "33487", "33496"], ["561"],
                ["Glades Rd", "Palmetto Park Rd", "Yamato Rd", "Military Trl", "S Federal Hwy", "Congress Ave"], 3),
            new("Hollywood", "FL", ["33019", "33020", "33021", "33023", "33024"], ["954"],
                ["Hollywood Blvd", "Sheridan St", "N Ocean Dr", "Johnson St", "Dixie Hwy"], 2),
            new("Pembroke Pines", "FL", ["33024", "33025", "33026", "33027", "33028", "33029"], ["954"],
                ["Pines Blvd", "Flamingo Rd", "University Dr", "Palm Ave", "Sheridan St"], 2),
            new("West Palm Beach", "FL", ["33401", "33405", "33407", "33409", "33411", "33415", "33417"], ["561"],
                ["Okeechobee Blvd", "S Flagler Dr", "Clematis St", "Palm Beach Lakes Blvd", "Belvedere Rd",
                    "N Military Trl"], 3),
        ],
        ["Brickell", "Las Olas", "Doral", "Coral Way", "Aventura", "Mizner Park", "Weston", "Plantation",
            "Flagler Village", "Coconut Grove", "Wynwood", "Edgewater", "Kendall", "Dadeland", "Victoria Park",
            "Rosemary Square", "Boca Pointe", "Miramar Parkway", "Hallandale", "Midtown"]);

    /// <summary>
    /// The first <see cref="NationalManagementCount"/> operate in every metro, so every company's list has them
    /// (the properties shared by two companies are managed by one of these).
    /// </summary>
    public static readonly ManagementSpec[] ManagementCompanies =
    [
        new("Greystar", "greystar.com"),
        new("Bell Partners", "bellpartnersinc.com"),
        new("Cortland", "cortland.com"),
        new("Lincoln Property Company", "lpcliving.com"),
        new("MAA", "maac.com"),
        new("Camden", "camdenliving.com"),
        new("Northwood Ravin", "northwoodravin.com"),
        new("Drucker + Falk", "drucker-falk.com"),
        new("Bainbridge", "bainbridgere.com"),
        new("RKW Residential", "rkwresidential.com"),
        new("Grubb Properties", "grubbproperties.com"),
        new("Crescent Communities", "crescentcommunities.com"),
        new("Pegasus Residential", "pegasusresidential.com"),
        new("Asset Living", "assetliving.com"),
        new("Fairfield Residential", "ffres.com"),
        new("Willow Bridge Property Company", "willowbridgepc.com"),
        new("Trinity Property Consultants", "trinity-pm.com"),
        new("ZRS Management", "zrsmanagement.com"),
        new("Morgan Properties", "morgan-properties.com"),
        new("Hawthorne Residential Partners", "hawthorneresidential.com"),
        new("FPI Management", "fpimgt.com"),
        new("Sentinel Real Estate", "sentinelcorp.com"),
    ];

    public const int NationalManagementCount = 4;

    /// <summary>First half of a property name: "Oakwood", "Cedar Creek".</summary>
    public static readonly string[] NameBases =
    [
        "Oakwood", "Riverside", "Cedar Creek", "Willow Springs", "Stonebridge", "Magnolia", "Brookhaven",
        "Hunters Glen", "Ashford", "Autumn Ridge", "Bridgewater", "Briarwood", "Camden Pointe", "Chestnut Hill",
        "Cypress", "Deer Run", "Eagle Landing", "Fox Chase", "Glenwood", "Harbor View", "Heritage", "Hidden Lake",
        "Highland", "Holly Ridge", "Ivy Hill", "Kingsley", "Lakeshore", "Laurel Oaks", "Legacy", "Linden",
        "Maple Ridge", "Meadowbrook", "Mill Creek", "Northgate", "Parkside", "Pinehurst", "Quail Hollow",
        "Ravenwood", "Sawgrass", "Shadow Creek", "Silver Lake", "Southern Pines", "Spring Valley", "Summerfield",
        "Sycamore", "Timberlake", "Twin Oaks", "Walden", "Westbury", "Whispering Pines", "Windsor", "Woodland",
        "Preston", "Addison", "Ellington", "Hampton", "Sterling", "Belmont", "Carrington", "Abbington",
    ];

    /// <summary>Second half: "Apartments", "Commons".</summary>
    public static readonly string[] NameTypes =
    [
        "Apartments", "Commons", "Crossing", "Village", "Place", "Pointe", "Landing", "Park", "Station", "Heights",
        "Terrace", "Flats", "Lofts", "Townhomes", "Square", "Gardens", "Apartment Homes", "Residences", "Court",
        "Trace",
    ];

    /// <summary>For "The Reserve at Ballantyne".</summary>
    public static readonly string[] TheTypes =
    [
        "Reserve", "Residences", "Villas", "Lofts", "Flats", "Retreat", "Enclave", "Preserve", "Summit", "Grove",
        "Vue", "Collection", "Park", "Landing",
    ];

    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen",
        "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty", "Mark", "Sandra", "Donald", "Ashley", "Steven",
        "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kevin", "Michelle", "Brian", "Carol", "Jason", "Amanda",
        "Ryan", "Melissa", "Jacob", "Deborah", "Gary", "Stephanie", "Eric", "Rebecca", "Jonathan", "Laura",
        "Tamika", "Marcus", "Keisha", "Andre", "Maria", "Carlos", "Sofia", "Luis", "Ana", "Jorge", "Priya", "Raj",
        "Brittany", "Tyler", "Courtney", "Derek", "Alexis", "Jasmine", "Brandon", "Morgan",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
        "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
        "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Phillips", "Evans",
        "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
        "Peterson", "Cooper", "Reed", "Bailey", "Bell", "Gomez", "Kelly", "Howard", "Ward", "Cox", "Diaz",
        "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James", "Patel", "McNeil", "O'Brien",
    ];

    /// <summary>The first is the primary contact's title; the rest are shuffled for the others.</summary>
    public static readonly string[] Titles =
    [
        "Property Manager", "Assistant Property Manager", "Maintenance Supervisor", "Leasing Manager", "Regional Manager",
    ];

    public static readonly string[] PropertyNotes =
    [
        "Check in at the leasing office before starting.",
        "Gate code changes monthly; call the office for it.",
        "Park crews by the maintenance shop, not in resident spaces.",
        "Vacant units only unless the PM says otherwise.",
        "Keys are in the lockbox at the clubhouse.",
        "PO number required on every invoice.",
        "Office closed Sundays; maintenance on call.",
    ];
}
