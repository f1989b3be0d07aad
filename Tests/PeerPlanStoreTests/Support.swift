import Foundation
import PeerPlanTestSupport

/// A tiny district written file by file, so each test can break exactly one thing.
struct MiniDistrict {
    var files: [String: String] = [
        "manifest.csv": """
        propertyName,value
        manifest.version,1.0
        oneroster.version,1.1
        file.orgs,bulk
        file.users,bulk
        file.classes,bulk
        file.enrollments,bulk
        file.academicSessions,bulk
        file.courses,bulk

        """,
        "orgs.csv": """
        sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.timezone
        d1,active,,Test District,district,,,America/Chicago
        s1,active,,North Elementary,school,N1,d1,
        s2,active,,South High,school,S2,d1,America/Phoenix

        """,
        "academicSessions.csv": """
        sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
        y1,active,,2026-2027,schoolYear,2026-08-10,2027-05-28,,2027
        fall,active,,Fall 2026,term,2026-08-10,2026-12-18,y1,2027

        """,
        "courses.csv": """
        sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
        c-math4,active,,y1,Grade 4 Math,M4,04,s1,Mathematics,
        c-alg,active,,y1,Algebra I,ALG1,09,s2,Mathematics,

        """,
        "users.csv": """
        sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
        t1,active,,true,s1,teacher,aruiz,,Ana,Ruiz,,,ana.ruiz@x.example,,,,,
        t2,active,,true,s1,teacher,bchen,,Bo,Chen,,,bo.chen@x.example,,,,,
        t3,active,,true,s2,teacher,ckim,,Cara,Kim,,,cara.kim@x.example,,,,,
        a1,active,,true,s1,aide,aide1,,Al,Aide,,,,,,,,
        st1,active,,true,s1,student,,,Sam,Student,,,,,,,04,
        st2,active,,true,s2,student,,,Sue,Student,,,,,,,09,

        """,
        "bell-schedules.csv": """
        schoolSourcedId,day,period,start,end,kind
        s1,Mon,1,08:00,08:50,instruction
        s1,Mon,2,08:55,09:45,instruction
        s1,Mon,L,11:30,12:00,lunch
        s1,Tue,1,08:00,08:50,instruction
        s1,Tue,2,08:55,09:45,instruction
        s2,A,1,07:30,09:00,instruction
        s2,A,2,09:10,10:40,instruction
        s2,B,3,07:30,09:00,instruction
        s2,B,4,09:10,10:40,instruction

        """,
        "classes.csv": """
        sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
        k1,active,,Math 4 - Ruiz,04,c-math4,M4-1,scheduled,,s1,fall,Mathematics,,1
        k2,active,,Math 4 - Chen,04,c-math4,M4-2,scheduled,,s1,fall,Mathematics,,"1,2"
        k3,active,,Algebra I,09,c-alg,ALG-1,scheduled,,s2,fall,Mathematics,,1-3

        """,
        "enrollments.csv": """
        sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
        e1,active,,k1,s1,t1,teacher,true,,
        e2,active,,k2,s1,t2,teacher,true,,
        e3,active,,k3,s2,t3,teacher,true,,
        e4,active,,k1,s1,st1,student,false,,
        e5,active,,k3,s2,st2,student,false,,

        """,
        "duties.csv": """
        teacherSourcedId,day,period,duty
        t1,Tue,2,hall duty

        """,
        "calendar.csv": """
        schoolSourcedId,date,kind,note
        d1,2026-09-07,holiday,Labor Day
        s1,2026-10-09,early-release,Conferences

        """,
        "ratings.csv": """
        teacherSourcedId,rubric,indicator,score,observedOn,evaluator
        t1,TEAM,questioning,2,2026-03-01,p1
        t1,TEAM,questioning,4,2025-10-01,p1
        t2,TEAM,questioning,5,2026-03-02,p1
        t2,TEAM,Academic Feedback,4,2026-03-02,p1
        t3,TEAM,thinking,3,2026-03-03,p2

        """,
        "participation.csv": """
        teacherSourcedId,participation,note
        t3,out,on leave in spring

        """,
    ]

    func write(to dir: TempDir) throws {
        for (name, text) in files { try dir.write(name, text) }
    }

    /// Replaces one line (1-based, header is line 1) of a file.
    mutating func replaceLine(_ file: String, _ line: Int, with text: String) {
        var lines = files[file]!.components(separatedBy: "\n")
        lines[line - 1] = text
        files[file] = lines.joined(separator: "\n")
    }

    mutating func appendLine(_ file: String, _ text: String) {
        files[file] = files[file]! + text + "\n"
    }
}

/// The bytes of a database file after every connection to it is closed.
func databaseBytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}
