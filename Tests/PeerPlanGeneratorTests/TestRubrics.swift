import PeerPlanCore

/// TEAM and Danielson as the Config files describe them (DESIGN.md §9), for the tests.
enum TestRubrics {
    static let team: Rubric = {
        let instruction = ["Standards and Objectives", "Motivating Students", "Presenting Instructional Content",
                           "Lesson Structure and Pacing", "Activities and Materials", "Questioning",
                           "Academic Feedback", "Grouping Students", "Teacher Content Knowledge",
                           "Teacher Knowledge of Students", "Thinking", "Problem Solving"]
        let environment = ["Expectations", "Managing Student Behavior", "Environment", "Respectful Culture"]
        let planning = ["Instructional Plans", "Student Work", "Assessment"]
        var indicators: [Indicator] = []
        for (domain, names) in [("Instruction", instruction), ("Environment", environment), ("Planning", planning)] {
            for name in names {
                indicators.append(Indicator(id: "TEAM-" + String(indicators.count + 1), name: name, domain: domain))
            }
        }
        return Rubric(id: "TEAM", name: "Tennessee Educator Acceleration Model", scaleMin: 1, scaleMax: 5,
                      weakAtMost: 2, strongAtLeast: 4, indicators: indicators, source: "Papay et al. 2020")
    }()

    static let danielson: Rubric = {
        var indicators: [Indicator] = []
        for (domain, letters) in [("Planning and Preparation", "abcdef"), ("Classroom Environment", "abcde"),
                                  ("Instruction", "abcde"), ("Professional Responsibilities", "abcdef")].enumerated() {
            for letter in letters.1 {
                let id = String(domain + 1) + String(letter)
                indicators.append(Indicator(id: id, name: "Component " + id, domain: letters.0))
            }
        }
        return Rubric(id: "Danielson", name: "Framework for Teaching", scaleMin: 1, scaleMax: 4,
                      weakAtMost: 2, strongAtLeast: 3, indicators: indicators, source: "Danielson 2013")
    }()

    static let both = [team, danielson]
}
