#!/usr/bin/env python3
"""Cross-check `evaltop report --json` against scikit-learn on random evaluations written in all four
formats: ties (scores on coarse grids), exactly-0.5 scores, Unicode and quoted concept names,
inputs with no labels, exponent and 17-digit scores, CRLF, Clarifai documents that omit zeros.

Usage: scripts/crosscheck_formats.py PATH/TO/evaltop [SEEDS]   (needs numpy and scikit-learn)
Prints "N passed, N failed"; files go to a temporary folder."""
import csv, io, json, os, random, subprocess, sys, tempfile

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

BIN = sys.argv[1]
OUT = tempfile.mkdtemp(prefix="evaltop-crosscheck-")
def sk_report(ids, concepts, labels, scores, t):
    n=len(ids); C=len(concepts)
    Y=np.zeros((n,C),dtype=int)
    for i,ls in enumerate(labels):
        for l in ls: Y[i,concepts.index(l)]=1
    S=np.array(scores)
    exclusive = all(len(l)==1 for l in labels)
    per=[]
    for c in range(C):
        y=Y[:,c]; s=S[:,c]; p=int(y.sum()); neg=n-p
        auc = roc_auc_score(y,s) if 0<p<n else None
        ap = average_precision_score(y,s) if p>0 else None
        pred = s>=t
        tp=int((pred&(y==1)).sum()); fp=int((pred&(y==0)).sum()); fn=p-tp; tn=neg-fp
        prec=tp/(tp+fp) if tp+fp else 0.0; rec=tp/(tp+fn) if tp+fn else 0.0
        f1=2*tp/(2*tp+fp+fn) if (2*tp+fp+fn) else 0.0
        per.append(dict(concept=concepts[c],positives=p,negatives=neg,auc=auc,average_precision=ap,tp=tp,fp=fp,fn=fn,tn=tn,precision=prec,recall=rec,f1=f1))
    aucs=[x['auc'] for x in per if x['auc'] is not None]; aps=[x['average_precision'] for x in per if x['average_precision'] is not None]
    summ=dict(macro_auc=float(np.mean(aucs)) if aucs else None, macro_average_precision=float(np.mean(aps)) if aps else None,
              macro_precision=float(np.mean([x['precision'] for x in per])), macro_recall=float(np.mean([x['recall'] for x in per])),
              macro_f1=float(np.mean([x['f1'] for x in per])))
    if exclusive:
        arg=S.argmax(axis=1); truth=[concepts.index(l[0]) for l in labels]
        summ['top1_accuracy']=float(np.mean(arg==np.array(truth)))
        M=[[0]*C for _ in range(C)]
        for a,b in zip(truth,arg): M[a][b]+=1
        conf=dict(labels=concepts,matrix=M)
    else:
        summ['top1_accuracy']=None; conf=None
    return dict(inputs=n,concepts=C,mode='exclusive' if exclusive else 'multilabel',summary=summ,per_concept=per,confusion=conf)

def close(a,b,path,errs):
    if a is None or b is None:
        if not (a is None and b is None): errs.append(f"{path}: {a} vs {b}")
    elif isinstance(b,float) or isinstance(a,float):
        if abs(a-b)>1e-6: errs.append(f"{path}: {a} vs {b}")
    elif isinstance(b,list):
        if len(a)!=len(b): errs.append(f"{path}: len"); return
        for i,(x,y) in enumerate(zip(a,b)): close(x,y,f"{path}[{i}]",errs)
    elif isinstance(b,dict):
        for k in b: close(a.get(k) if isinstance(a,dict) else None,b[k],f"{path}.{k}",errs)
    else:
        if a!=b: errs.append(f"{path}: {a} vs {b}")

names_pool=["dog","cat","狗","🐱 cat","a,b","q\"uote","naïve","x y","Ünïcødé","ELK"]
def fmt(s, style):
    if style==0: return repr(s)
    if style==1: return f"{s:.4f}"
    if style==2: return f"{s:.2e}"
    return f"{s:.17g}"
total=0; bad=0
for seed in range(int(sys.argv[2]) if len(sys.argv)>2 else 30):
    rnd=random.Random(seed)
    C=rnd.randint(2,5); concepts=rnd.sample(names_pool,C)
    n=rnd.randint(3,60)
    exclusive = rnd.random()<0.5
    grid = rnd.choice([None,4,10])
    ids=[f"in{i}" if rnd.random()<0.9 else f"ïd{i}" for i in range(n)]
    labels=[]; scores=[]
    for i in range(n):
        if exclusive: labels.append([rnd.choice(concepts)])
        else: labels.append(sorted(rnd.sample(concepts, rnd.randint(0,C)), key=concepts.index))
        row=[]
        for c in range(C):
            if grid: v=rnd.randint(0,grid)/grid
            else: v=rnd.random()
            if rnd.random()<0.1: v=0.5
            row.append(v)
        scores.append(row)
    style=rnd.randint(0,3)
    # parse what we wrote, so sklearn sees exactly the same doubles
    scores=[[float(fmt(v,style)) for v in r] for r in scores]
    t=rnd.choice([0.5,0.3,0.25,0.7])
    exp=sk_report(ids,concepts,labels,scores,t)
    files={}
    # wide
    buf=io.StringIO(); w=csv.writer(buf, lineterminator=rnd.choice(["\n","\r\n"]))
    w.writerow(["input_id","labels"]+concepts)
    for i in range(n): w.writerow([ids[i],";".join(labels[i])]+[fmt(v,style) for v in scores[i]])
    files['wide.csv']=buf.getvalue()
    # long
    buf=io.StringIO(); w=csv.writer(buf, lineterminator="\n")
    w.writerow(["input_id","concept","score","label"])
    for i in range(n):
        for c,cn in enumerate(concepts): w.writerow([ids[i],cn,fmt(scores[i][c],style),"1" if cn in labels[i] else "0"])
    files['long.csv']=buf.getvalue()
    # jsonl
    files['e.jsonl']="".join(json.dumps({"input_id":ids[i],"labels":labels[i],"scores":{cn:scores[i][c] for c,cn in enumerate(concepts)}},ensure_ascii=rnd.random()<0.5)+"\n" for i in range(n))
    # clarifai (omit zeros)
    ts=[]
    for i in range(n):
        ts.append({"input":{"id":ids[i],"data":{"image":{"url":f"https://x/{i}.jpg"}}},
                   "predicted_concepts":[{"id":f"id-{c}","name":cn,"value":scores[i][c]} for c,cn in enumerate(concepts) if scores[i][c]!=0],
                   "ground_truth_concepts":[{"id":f"id-{concepts.index(l)}","name":l,"value":1} for l in labels[i]]})
    files['c.clarifai.json']=json.dumps({"eval_metrics":{"test_set":ts}})
    for fname,content in files.items():
        path=os.path.join(OUT, f"{seed}-{fname}")
        open(path,"w",encoding="utf-8").write(content)
        total+=1
        r=subprocess.run([BIN,"report","--json","--threshold",str(t),path],capture_output=True,text=True)
        if r.returncode!=0:
            bad+=1; print("FAIL", path, r.stderr.strip()[:300]); continue
        ours=json.loads(r.stdout)
        errs=[]
        if fname.startswith('c.'):
            # clarifai concept order is first appearance; compare per concept by name
            pass
        close(ours.get('summary'),exp['summary'],'summary',errs)
        byname={x['concept']:x for x in ours['per_concept']}
        for x in exp['per_concept']:
            close(byname.get(x['concept']),x,f"concept {x['concept']}",errs)
        close(ours.get('mode'),exp['mode'],'mode',errs)
        if exp['confusion']:
            close(ours.get('confusion'),exp['confusion'],'confusion',errs)
        if errs:
            bad+=1; print("MISMATCH", path, errs[:4])
print(f"{total-bad} passed, {bad} failed")
