import json, random, sys
def make(seed, T, nper=8, free_frac=0.25, plc_size=(3,8), multi=0.3, cap=1, weekcap=True):
    r = random.Random(seed)
    days = ["Mon","Tue","Wed","Thu","Fri"]
    periods=[]; t=8*60
    for i in range(nper):
        if i==4:
            periods.append({"name":"L","start":f"{t//60:02d}:{t%60:02d}","end":f"{(t+30)//60:02d}:{(t+30)%60:02d}","kind":"lunch"}); t+=35
        ln = r.choice([45,50,55])
        periods.append({"name":f"P{i+1}","start":f"{t//60:02d}:{t%60:02d}","end":f"{(t+ln)//60:02d}:{(t+ln)%60:02d}","kind":"instruction"}); t+=ln+5
    ids=[f"T{i}" for i in range(T)]
    teachers=[]; freecount={}
    for tid in ids:
        busy=[]; fc=0
        for d in days:
            for p in periods:
                if p["kind"]!="instruction": continue
                if r.random()>free_frac: busy.append({"day":d,"period":p["name"]})
                else: fc+=1
        te={"id":tid,"busy":busy}
        if weekcap: te["maxMeetingPeriodsPerWeek"]=fc//2
        teachers.append(te)
    meetings=[]
    sh=ids[:]; r.shuffle(sh)
    for i in range(0,int(T*0.6)-1,2):
        a,b=sh[i],sh[i+1]
        meetings.append({"id":f"pair{i}","kind":"pair","members":[a,b],"sessionsPerWeek":r.choice([1,1,2]),"periodsPerSession":1,"priority":2})
        meetings.append({"id":f"obs{i}a","kind":"observation","members":[a,b],"host":b,"sessionsPerWeek":1,"periodsPerSession":1,"priority":2})
        meetings.append({"id":f"obs{i}b","kind":"observation","members":[a,b],"host":a,"sessionsPerWeek":1,"periodsPerSession":1,"priority":2})
    sh=ids[:]; r.shuffle(sh); i=0; k=0
    while i<len(sh):
        n=r.randint(*plc_size); mem=sh[i:i+n]; i+=n
        if len(mem)<2: break
        meetings.append({"id":f"plc{k}","kind":"plc","members":mem,"sessionsPerWeek":1,"periodsPerSession":r.choice([1,1,2]) if r.random()<multi else 1,"allowedDays":["Tue","Wed","Thu"],"priority":3}); k+=1
    for tid in ids:
        if r.random()<0.7:
            meetings.append({"id":f"pd{tid}","kind":"pd","members":[tid],"sessionsPerWeek":1,"periodsPerSession":r.choice([1,2]),"priority":1})
    return {"days":days,"periods":periods,"maxMeetingsPerTeacherPerDay":cap,"teachers":teachers,"meetings":meetings,"seed":0,"timeLimitSeconds":1.0}
out=sys.argv[1]
i=0
for T in [60,100,150,200,300]:
    for ff in [0.2,0.3,0.4]:
        i+=1
        json.dump(make(1000+i,T,free_frac=ff,cap=1 if i%2 else 2), open(f"{out}/h{i:02d}.problem.json","w"))
