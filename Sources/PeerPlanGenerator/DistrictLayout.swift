import PeerPlanCore
/// District-wide decisions that every school needs but that must not require holding the whole
/// district: which kind each school is, its size, rubric and time zone. Everything is derived
/// from the seed and the school's index alone, so schools can be produced one at a time.
///
/// School kinds are stratified: every run of 20 schools (in a seeded order) holds exactly 11
/// elementary, 4 middle and 5 high schools, and every third high school (seeded offset) runs an
/// A/B block schedule, so even a 20-school district has the full mix. Likewise 3 schools in 20
/// use the second rubric (about 15%).
struct DistrictLayout: Sendable {
    static let blockSize = 20
    static let kindsPerBlock: [SchoolKind] =
        Array(repeating: .elementary, count: 11) + Array(repeating: .middle, count: 4) + Array(repeating: .high, count: 5)
    static let secondRubricPerBlock = 3

    static let timeZones = ["America/Chicago", "America/New_York", "America/Denver", "America/Phoenix", "America/Los_Angeles"]
    private static let timeZoneWeights = [0.55, 0.15, 0.10, 0.08, 0.12]
    private static let neighbourZone = [1, 0, 0, 2, 3]

    let seed: UInt64
    let teachersPerSchool: Int?
    let districtZone: Int
    private let blockOffset: Int

    init(seed: UInt64, teachersPerSchool: Int?) {
        self.seed = seed
        self.teachersPerSchool = teachersPerSchool
        var rng = Xoshiro(seed: SplitMix64.mix(seed, 0x7A0E))
        districtZone = rng.weighted(Self.timeZoneWeights)
        blockOffset = rng.below(3)
    }

    private func kindPattern(block: Int) -> [SchoolKind] {
        var rng = Xoshiro(seed: SplitMix64.mix(seed, 0xB10C_0000 &+ UInt64(block)))
        var pattern = Self.kindsPerBlock
        rng.shuffle(&pattern)
        return pattern
    }

    private func rubricPattern(block: Int) -> [Bool] {
        var rng = Xoshiro(seed: SplitMix64.mix(seed, 0x5B0C_0000 &+ UInt64(block)))
        var pattern = Array(repeating: false, count: Self.blockSize)
        for i in 0..<Self.secondRubricPerBlock { pattern[i] = true }
        rng.shuffle(&pattern)
        return pattern
    }

    func outline(index: Int) -> SchoolOutline {
        let block = index / Self.blockSize
        let position = index % Self.blockSize
        let pattern = kindPattern(block: block)
        let kind = pattern[position]
        // How many schools of this kind come before this one: full blocks plus this block's prefix.
        let perBlock = Self.kindsPerBlock.filter { $0 == kind }.count
        let ordinal = block * perBlock + pattern[..<position].filter { $0 == kind }.count
        let schoolSeed = SplitMix64.mix(seed, 0x5C00_0000 &+ UInt64(index))
        var rng = Xoshiro(seed: schoolSeed)
        let teachers = teachersPerSchool
            ?? Int((Double(kind.typicalTeachers) * rng.uniform(0.8, 1.2)).rounded())
        let zone = rng.chance(0.08) ? Self.neighbourZone[districtZone] : districtZone
        return SchoolOutline(
            index: index, kind: kind, kindOrdinal: ordinal,
            blockSchedule: kind == .high && (ordinal + blockOffset) % 3 == 0,
            teachers: max(teachers, GeneratorOptions.minimumTeachersPerSchool),
            usesSecondRubric: rubricPattern(block: block)[position],
            timeZone: Self.timeZones[zone], seed: schoolSeed)
    }

    /// A school name unique within its kind for the first ~2,000 schools of that kind.
    func schoolName(_ outline: SchoolOutline) -> String {
        let namesakes = NameLists.schoolNamesakes
        var rng = Xoshiro(seed: SplitMix64.mix(seed, 0x4A3E_0000 &+ UInt64(outline.kind.rawValue)))
        var order = Array(namesakes.indices)
        rng.shuffle(&order)
        let k = outline.kindOrdinal
        let base = namesakes[order[k % namesakes.count]]
        let round = k / namesakes.count
        let qualifier = round == 0 ? "" : NameLists.qualifiers[(round - 1) % NameLists.qualifiers.count] + " "
        return qualifier + base + " " + outline.kind.nameSuffix
    }
}

struct SchoolOutline: Sendable {
    let index: Int
    let kind: SchoolKind
    /// 0 for the first school of its kind, 1 for the second, …
    let kindOrdinal: Int
    let blockSchedule: Bool
    let teachers: Int
    let usesSecondRubric: Bool
    let timeZone: String
    let seed: UInt64

    var number: Int { index + 1 }
}
