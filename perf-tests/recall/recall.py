#!/usr/bin/env python3
"""Search recall beyond the test fixtures: queries a front desk would type for random patients of a running service.

For N random active patients (read through GET /api/v1/patients/{id}) it sends name queries of several kinds (exact,
unaccented, swapped, with the year, one typo in either or both words, two typos in a long last name, a nickname, an
initial, short prefixes, a compound surname without its hyphen or space, one part of it) and reports, per kind, how
often the patient is in the first page of 20 (top20), in the first 10 (top10), and ranked with nothing scored above
it (top1*, ties allowed). Pseudo-random with a fixed seed: two runs on the same data send the same queries.

    export TOKEN=...   # a clinician token for every clinic of the data (printed at start on the demo data)
    python3 perf-tests/recall/recall.py --url http://localhost:8080 --patients 300 --max-id 100000

Run it against each engine (SEARCH_ENGINE=postgres|lucene|opensearch) on the same data to compare them.
"""
import argparse, collections, csv, json, os, random, unicodedata, urllib.error, urllib.parse, urllib.request

NICKNAMES = os.path.join(os.path.dirname(__file__), '..', '..', 'search', 'src', 'main', 'resources', 'nicknames', 'names.csv')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', default='http://localhost:8080')
    ap.add_argument('--patients', type=int, default=300)
    ap.add_argument('--max-id', type=int, default=100000)
    ap.add_argument('--seed', type=int, default=11)
    args = ap.parse_args()
    token = os.environ['TOKEN']
    rnd = random.Random(args.seed)

    def get(path):
        req = urllib.request.Request(args.url + path, headers={'Authorization': 'Bearer ' + token})
        try:
            with urllib.request.urlopen(req) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, None

    nick = collections.defaultdict(set)
    with open(NICKNAMES) as f:
        for row in csv.DictReader(f):
            if row['relationship'] == 'has_nickname':
                nick[row['name1']].add(row['name2'])

    def plain(s):
        return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn').lower()

    def typo(w):
        w = plain(w)
        if len(w) < 5:
            return None
        i = rnd.randrange(1, len(w) - 1)
        kind = rnd.choice('sdt')
        if kind == 's':
            return w[:i] + rnd.choice('aeioulnrst'.replace(w[i], '')) + w[i + 1:]
        if kind == 'd':
            return w[:i] + w[i + 1:]
        return w[:i] + w[i + 1] + w[i] + w[i + 2:] if w[i] != w[i + 1] else None

    patients = []
    while len(patients) < args.patients:
        status, p = get(f'/api/v1/patients/{rnd.randint(1, args.max_id)}')
        if status == 200 and p.get('status') == 'active':
            patients.append(p)

    kinds = collections.defaultdict(lambda: [0, 0, 0, 0])
    misses = collections.defaultdict(list)
    for p in patients:
        first, last, year = p['firstName'], p['lastName'], p['dateOfBirth'][:4]
        f, l = plain(first), plain(last)
        queries = {'exact': f'{first} {last}', 'unaccented': f'{f} {l}', 'swapped': f'{l} {f}', 'year': f'{f} {l} {year}',
                   'prefix 2+3': f'{f[:2]} {l[:3]}', 'first prefix 3': f'{f[:3]} {l}', 'initial': f'{f[0]} {l}',
                   'last alone': l}
        t = typo(last)
        if t:
            queries['typo last'] = f'{f} {t}'
        t = typo(first)
        if t:
            queries['typo first'] = f'{t} {l}'
        t1, t2 = typo(first), typo(last)
        if t1 and t2:
            queries['typo both'] = f'{t1} {t2}'
        if len(l) >= 8:
            t = typo(last)
            t = t and typo(t)
            if t:
                queries['two typos last'] = f'{f} {t}'
        word = f.split()[0].split('-')[0]
        if nick.get(word):
            queries['nickname'] = f'{sorted(nick[word])[0]} {l}'
        if ' ' in l or '-' in l:
            queries['compound joined'] = f"{f} {l.replace('-', '').replace(' ', '')}"
            queries['compound part'] = f"{f} {l.replace('-', ' ').split()[-1]}"
        for kind, q in queries.items():
            counts = kinds[kind]
            counts[0] += 1
            status, r = get('/api/v1/patients/search?limit=20&q=' + urllib.parse.quote_plus(q))
            ids = [i['id'] for i in r['items']] if status == 200 else []
            if p['id'] not in ids:
                misses[kind].append(q)
                continue
            at = ids.index(p['id'])
            score = r['items'][at].get('score')
            counts[1] += all(i.get('score') == score for i in r['items'][:at])
            counts[2] += at < 10
            counts[3] += 1

    print(f"{'kind':16} {'n':>4} {'top1*':>6} {'top10':>6} {'top20':>6}")
    for kind, (n, top1, top10, top20) in sorted(kinds.items()):
        print(f'{kind:16} {n:4d} {top1 / n:6.0%} {top10 / n:6.0%} {top20 / n:6.0%}')
    for kind, queries in sorted(misses.items()):
        print(f'missed, {kind}: {len(queries)}')


if __name__ == '__main__':
    main()
