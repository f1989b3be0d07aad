import Foundation

/// Built-in name lists. They mix the common names of the many communities US schools serve;
/// a few carry diacritics so the files exercise UTF-8, and e-mail addresses use an ASCII fold.
enum NameLists {
    static let adultGiven: [String] = [
        "Jennifer", "Michael", "Sarah", "David", "Jessica", "Christopher", "Amanda", "Matthew",
        "Ashley", "Joshua", "Stephanie", "Daniel", "Melissa", "James", "Nicole", "Robert",
        "Elizabeth", "John", "Heather", "Andrew", "Rebecca", "Brian", "Laura", "Kevin", "Amy",
        "Jason", "Rachel", "Justin", "Megan", "William", "Emily", "Ryan", "Lauren", "Brandon",
        "Kimberly", "Eric", "Angela", "Steven", "Michelle", "Timothy", "Lisa", "Jonathan",
        "Crystal", "Anthony", "Tiffany", "Mark", "Erin", "Thomas", "Karen", "Aaron", "Kelly",
        "Patricia", "Gregory", "Monica", "Marcus", "Latoya", "Andre", "Keisha", "Terrence",
        "Tamika", "Darnell", "Ebony", "Jamal", "Aisha", "Maurice", "Shanice", "Reginald", "Yolanda",
        "José", "María", "Luis", "Ana", "Carlos", "Sofía", "Juan", "Gabriela", "Miguel", "Adriana",
        "Alejandro", "Verónica", "Ramón", "Lucía", "Joaquín", "Inés", "Diego", "Mariana",
        "Wei", "Mei", "Jun", "Hui", "Min-jun", "Ji-woo", "Hiroshi", "Yuki", "Thanh", "Linh",
        "Priya", "Rahul", "Anjali", "Vikram", "Deepa", "Arjun", "Fatima", "Omar", "Layla", "Tariq",
        "Amina", "Yusuf", "Chidi", "Ngozi", "Kwame", "Abena", "Tesfaye", "Hana", "Renée", "André",
        "Chloé", "Zoë", "Siobhan", "Declan", "Ingrid", "Lars", "Dmitri", "Olga", "Aleksander",
        "Katarzyna", "Talia", "Avi", "Naomi", "Kai", "Leilani", "Dakota", "Winona",
    ]

    static let studentGiven: [String] = [
        "Liam", "Olivia", "Noah", "Emma", "Oliver", "Charlotte", "Elijah", "Amelia", "James", "Ava",
        "William", "Sophia", "Benjamin", "Isabella", "Lucas", "Mia", "Henry", "Evelyn", "Theodore",
        "Harper", "Jack", "Luna", "Levi", "Camila", "Alexander", "Gianna", "Jackson", "Elizabeth",
        "Mateo", "Eleanor", "Daniel", "Ella", "Michael", "Abigail", "Mason", "Sofia", "Sebastian",
        "Avery", "Ethan", "Scarlett", "Logan", "Emily", "Owen", "Aria", "Samuel", "Penelope",
        "Jacob", "Chloe", "Asher", "Layla", "Aiden", "Mila", "John", "Nora", "Joseph", "Hazel",
        "Wyatt", "Madison", "David", "Ellie", "Leo", "Lily", "Luke", "Nova", "Julian", "Isla",
        "Hudson", "Grace", "Grayson", "Violet", "Matthew", "Aurora", "Ezra", "Riley", "Gabriel",
        "Zoey", "Carter", "Willow", "Isaiah", "Emilia", "Jayden", "Stella", "Josiah", "Zoë",
        "Santiago", "Valentina", "Sebastián", "Ximena", "Emiliano", "Valeria", "Diego", "Renata",
        "Jesús", "Guadalupe", "Ángel", "Daniela", "Jamir", "Nevaeh", "Malik", "Aaliyah", "Jaylen",
        "Imani", "DeShawn", "Zuri", "Amir", "Maryam", "Ibrahim", "Noor", "Yusuf", "Zainab",
        "Arjun", "Aarav", "Ananya", "Saanvi", "Vihaan", "Diya", "Ethan", "Chen", "Yichen", "Xinyi",
        "Minh", "Khanh", "Seo-yeon", "Ha-eun", "Haruto", "Sakura", "Kofi", "Adaeze", "Chinedu",
        "Oluwaseun", "Abdi", "Hodan", "Anaya", "Kiara", "Tatum", "Keanu", "Makoa", "Sienna", "Cruz",
    ]

    static let family: [String] = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark",
        "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green",
        "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
        "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
        "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard",
        "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James",
        "Hughes", "Price", "Myers", "Long", "Foster", "Sanders", "Ross", "Powell", "Jenkins",
        "Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson",
        "Washington", "Jefferson", "Freeman", "Banks", "Dixon", "Gaines", "Mack", "Boykin",
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
        "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales",
        "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Mendoza", "Álvarez", "Castillo",
        "Jiménez", "Vásquez", "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Núñez", "Peña",
        "De La Cruz", "Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Kim", "Park", "Lee", "Choi",
        "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Wu", "Lin", "Tanaka", "Sato", "Yamamoto",
        "Patel", "Shah", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Khan", "Ali", "Ahmed",
        "Hassan", "Hussain", "Abdullah", "Haddad", "Nasser", "Okafor", "Adeyemi", "Mensah",
        "Diallo", "Mwangi", "Osei", "Abebe", "Tesfaye", "Warsame", "O'Brien", "O'Connor",
        "McCarthy", "Murray", "Schmidt", "Müller", "Schneider", "Novak", "Kowalski", "Nowak",
        "Ivanov", "Petrov", "Rossi", "Russo", "Silva", "Santos", "Oliveira", "Costa", "Cohen",
        "Levy", "Friedman", "Yazzie", "Begaye", "Tsosie", "Kealoha", "Smith-Jones", "Van Dyke",
    ]

    /// People and words schools are named after.
    static let schoolNamesakes: [String] = [
        "Lincoln", "Washington", "Jefferson", "Roosevelt", "Franklin", "Kennedy", "Madison",
        "Martin Luther King Jr.", "Rosa Parks", "César Chávez", "Harriet Tubman", "Frederick Douglass",
        "Mary McLeod Bethune", "Thurgood Marshall", "Sally Ride", "Amelia Earhart", "Booker T. Washington",
        "Sojourner Truth", "Ruby Bridges", "Sequoyah", "Sacagawea", "Dolores Huerta", "Helen Keller",
        "Eleanor Roosevelt", "Jackie Robinson", "Roberto Clemente", "Maya Angelou", "Langston Hughes",
        "Ellen Ochoa", "Katherine Johnson", "Oak Grove", "Cedar Ridge", "Pine Valley", "Maple Hill",
        "Willow Creek", "Riverside", "Lakeview", "Hillcrest", "Meadowbrook", "Fairview", "Sunnyside",
        "Westwood", "Eastside", "Northgate", "Southview", "Brookside", "Highland", "Parkview",
        "Spring Valley", "Stonebridge", "Red Bluff", "Eagle Rock", "Bear Creek", "Prairie View",
        "Mill Creek", "Canyon Ridge", "Harbor View", "Summit", "Clearwater", "Greenfield", "Heritage",
        "Liberty", "Independence", "Pioneer", "Horizon", "Discovery", "Frontier", "Cottonwood",
        "Magnolia", "Dogwood", "Sycamore", "Aspen", "Juniper", "Mesa Verde", "Blue Ridge",
        "Shady Grove", "Crossroads", "Union", "Central", "Valley View", "Rolling Hills",
    ]

    /// Used to tell apart schools once the namesakes run out.
    static let qualifiers: [String] = [
        "North", "South", "East", "West", "Central", "Upper", "Lower", "New", "Old Town", "Lake",
        "River", "Mountain", "Prairie", "Forest", "Bay", "Port", "Mount", "Glen", "Twin Rivers",
        "Cedar", "Granite", "Silver", "Golden", "Pleasant", "Green",
    ]

    static let districtPlaces: [String] = [
        "Cumberland County", "Riverbend", "Maple Valley", "Shelby County", "Hamilton County",
        "Clearwater", "Sumner County", "Mesa Unified", "Prairie Hills", "Lakeshore", "Greene County",
        "Blue Ridge", "Three Rivers", "Red River", "Cedar Falls", "Harbor City",
    ]

    /// ASCII letters of a name, lowercased, for user names and e-mail addresses.
    static func asciiKey(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var out = ""
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "a"..."z": out.unicodeScalars.append(scalar)
            case "A"..."Z": out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            default: continue
            }
        }
        return out.isEmpty ? "user" : out
    }
}

/// A name list prepared for the hot path: each name as CSV-ready bytes and its ASCII key.
struct PreparedNames {
    let display: [[UInt8]]
    let key: [[UInt8]]
    let text: [String]

    init(_ names: [String]) {
        text = names
        display = names.map { name in
            precondition(!name.contains(",") && !name.contains("\""), "built-in names need no quoting")
            return Array(name.utf8)
        }
        key = names.map { Array(NameLists.asciiKey($0).utf8) }
    }

    var count: Int { text.count }
}
