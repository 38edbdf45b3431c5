# Writes N audit records spread over the week from 2026-11-30 into a SQLite file with the gateway's schema (docs/PERFORMANCE.md, audit analytics).
# Usage: python3 bench/audit/generate_week.py week.db 1000000
import sqlite3, random, datetime, json, sys
n=int(sys.argv[2]); path=sys.argv[1]
c=sqlite3.connect(path); c.execute("PRAGMA journal_mode=WAL")
c.executescript("""CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, caller TEXT NOT NULL,
endpoint TEXT NOT NULL, arm TEXT NOT NULL, policy TEXT NOT NULL, policy_version TEXT NOT NULL, action TEXT NOT NULL, flagged INTEGER NOT NULL,
status INTEGER NOT NULL, latency_ms REAL NOT NULL, input_sha256 TEXT, trace TEXT NOT NULL); CREATE INDEX IF NOT EXISTS audit_at ON audit(at);""")
random.seed(1)
start=datetime.datetime(2026,11,30,tzinfo=datetime.timezone.utc)
rules=[("weapons.build","weapons"),("self_harm.method","self_harm"),("pii.email","privacy"),("hate.slur","hate")]
def trace(i, day):
    blocked = random.random()<0.08
    r = random.choice(rules) if blocked else None
    s = min(1,max(0,random.betavariate(1.2,8+day) + (0.6 if blocked else 0)))
    d={"policy":"alignlab-default","stage":"input","context":None,"profile":None,"action":"block" if r else "allow","outcome":"blocked" if r else "allowed",
       "blocking":bool(r),"deciding_rule":r[0] if r else None,"deciding_category":r[1] if r else None,"message":None,"disclaimers":[],"warnings":[],
       "redacted_text":None,"explanation":"The input was checked against 42 rules and the classifier.","input_length":random.randint(10,400),
       "matches":[{"rule_id":r[0],"action":"block","category":r[1],"severity":"high","priority":10,"defined_at":"default.yaml:12:5",
         "evidence":[{"role":"user","view":"normalized","matched":"xxxx","start":3,"end":7,"original":"xxxx","revealed_by":[]}]}] if r else [],
       "detections":[],"scores":{"unsafe":round(s,4),"violence":0.01,"self_harm":0.02,"hate":0.01}}
    return json.dumps(d), bool(r)
rows=[]
for i in range(n):
    day = i*7//n
    at = start + datetime.timedelta(seconds=i*7*86400/n)
    t, b = trace(i, day)
    rows.append((f"{i:032x}", at.strftime("%Y-%m-%dT%H:%M:%S.%f")+"0Z", "key1", "moderations", "a", "alignlab-default", "v1",
                 "block" if b else "allow", int(b), 502 if random.random()<0.002 else 200, random.lognormvariate(1.5,0.6), None, t))
    if len(rows)==50000:
        c.executemany("INSERT INTO audit (id,at,caller,endpoint,arm,policy,policy_version,action,flagged,status,latency_ms,input_sha256,trace) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows); c.commit(); rows=[]
if rows:
    c.executemany("INSERT INTO audit (id,at,caller,endpoint,arm,policy,policy_version,action,flagged,status,latency_ms,input_sha256,trace) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows); c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print("ok", n)
