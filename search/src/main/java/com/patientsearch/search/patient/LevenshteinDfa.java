package com.patientsearch.search.patient;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The language of Lucene's {@code new LevenshteinAutomata(rest, true).toAutomaton(maxEdits, prefix)}: every term
 * within {@code maxEdits} edits of the word after its first {@code exactPrefix} letters, an insert, delete, substitute
 * or swap of two neighbours counting one edit (optimal string alignment). Lucene creates every state of its
 * parametric description for the word's length, most of them unreachable, then sorts and prunes them; for a query
 * with fuzzy tiers that cost more than the search itself. This builds only the reachable states, breadth first.
 * A state is the edit-distance row against the word (values capped at maxEdits + 1) and the row a swap completes
 * from; equal states are shared, and a state whose row is all above maxEdits (dead) is dropped.
 * <p>
 * A word of ASCII letters (the name analyzer folds Latin names to ASCII) is built over UTF-8 bytes directly, which
 * spares the compiled automaton its UTF-8 conversion: any other code point is one of the other single bytes or a lead
 * byte followed by its continuation bytes. Terms are valid UTF-8, so that accepts exactly the same terms.
 */
final class LevenshteinDfa {

    private LevenshteinDfa() {
    }

    /** The term's fuzzy tier as an automaton query (over bytes when the term is ASCII), rewritten as given. */
    static AutomatonQuery query(Term term, int maxEdits, int exactPrefix, MultiTermQuery.RewriteMethod rewrite) {
        String text = term.text();
        boolean utf8 = text.chars().allMatch(c -> c < 0x80);
        return new AutomatonQuery(term, automaton(text, maxEdits, exactPrefix, utf8),
                Operations.DEFAULT_DETERMINIZE_WORK_LIMIT, utf8, rewrite);
    }

    /**
     * The deterministic automaton, over code points, or over UTF-8 bytes when {@code utf8} (the word must then be
     * ASCII).
     */
    static Automaton automaton(String text, int maxEdits, int exactPrefix, boolean utf8) {
        int[] codePoints = text.codePoints().toArray();
        int split = Math.min(exactPrefix, codePoints.length);
        int[] word = Arrays.copyOfRange(codePoints, split, codePoints.length);
        int[] letters = IntStream.of(word).distinct().sorted().toArray();
        if (utf8 && IntStream.of(codePoints).anyMatch(c -> c >= 0x80)) {
            throw new IllegalArgumentException("a UTF-8 automaton needs an ASCII word");
        }

        // The states breadth first; next[s][k] is the state after letters[k] (k = letters.length: any other code
        // point), -1 when dead.
        Rows rows = new Rows(word, maxEdits);
        List<String> states = new ArrayList<>(List.of(rows.start()));
        Map<String, Integer> index = new HashMap<>(Map.of(states.get(0), 0));
        List<int[]> next = new ArrayList<>();
        for (int s = 0; s < states.size(); s++) {
            int[] targets = new int[letters.length + 1];
            for (int k = 0; k <= letters.length; k++) {
                String target = rows.step(states.get(s), k < letters.length ? letters[k] : -1);
                targets[k] = target == null ? -1 : index.computeIfAbsent(target, t -> {
                    states.add(t);
                    return states.size() - 1;
                });
            }
            next.add(targets);
        }

        Automaton a = new Automaton(split + 4 * states.size(), states.size() * (2 * letters.length + 4)); // at most
        int last = a.createState();
        for (int i = 0; i < split; i++) {
            int state = a.createState();
            a.addTransition(last, state, codePoints[i]);
            last = state;
        }
        int base = last; // the word's start state ends the exact prefix
        for (int s = 0; s < states.size(); s++) {
            if (s > 0) {
                a.createState();
            }
            a.setAccept(base + s, rows.accepts(states.get(s)));
        }
        // Over bytes, a state's other code points of 2, 3 and 4 bytes go through continuation states that end in
        // its target: one chain per target, shared.
        Map<Integer, Integer> continuations = new HashMap<>();
        int other = letters.length;
        for (int[] targets : next) {
            if (utf8 && targets[other] >= 0 && !continuations.containsKey(targets[other])) {
                int first = a.createState();
                a.createState();
                a.createState();
                continuations.put(targets[other], first);
            }
        }
        int top = utf8 ? 0x7F : Character.MAX_CODE_POINT;
        for (int s = 0; s < states.size(); s++) {
            int[] targets = next.get(s);
            int lo = 0; // a letter going where any other code point goes is part of the range of others
            for (int k = 0; k < letters.length; k++) {
                if (targets[k] != targets[other]) {
                    if (targets[k] >= 0) {
                        a.addTransition(base + s, base + targets[k], letters[k]);
                    }
                    if (targets[other] >= 0 && lo < letters[k]) {
                        a.addTransition(base + s, base + targets[other], lo, letters[k] - 1);
                    }
                    lo = letters[k] + 1;
                }
            }
            if (targets[other] >= 0) {
                if (lo <= top) {
                    a.addTransition(base + s, base + targets[other], lo, top);
                }
                if (utf8) {
                    int chain = continuations.get(targets[other]);
                    a.addTransition(base + s, chain, 0xC2, 0xDF);
                    a.addTransition(base + s, chain + 1, 0xE0, 0xEF);
                    a.addTransition(base + s, chain + 2, 0xF0, 0xF4);
                }
            }
        }
        for (Map.Entry<Integer, Integer> chain : continuations.entrySet()) {
            a.addTransition(chain.getValue(), base + chain.getKey(), 0x80, 0xBF);
            a.addTransition(chain.getValue() + 1, chain.getValue(), 0x80, 0xBF);
            a.addTransition(chain.getValue() + 2, chain.getValue() + 1, 0x80, 0xBF);
        }
        a.finishState();
        return a;
    }

    /**
     * The optimal-string-alignment rows of input against the word: a state is d[0..w] (the distance of the input
     * read so far to the word's first i letters) then t[0..w] (what d[i] becomes if the next input letter completes
     * a swap of the word's letters i-2 and i-1), one char per value, capped at maxEdits + 1.
     */
    private record Rows(int[] word, int maxEdits) {

        String start() {
            char[] row = new char[2 * (word.length + 1)];
            for (int i = 0; i <= word.length; i++) {
                row[i] = (char) Math.min(i, maxEdits + 1);
                row[word.length + 1 + i] = (char) (maxEdits + 1);
            }
            return new String(row);
        }

        /** The state after input letter c (-1: a letter not in the word), null when no term can match any more. */
        String step(String state, int c) {
            int w = word.length;
            int cap = maxEdits + 1;
            char[] row = new char[2 * (w + 1)];
            Arrays.fill(row, w + 1, row.length, (char) cap);
            boolean live = false;
            for (int i = 0; i <= w; i++) {
                int d = state.charAt(i) + 1; // c inserted
                if (i > 0) {
                    d = Math.min(d, row[i - 1] + 1); // the word's letter i-1 deleted
                    d = Math.min(d, state.charAt(i - 1) + (word[i - 1] == c ? 0 : 1)); // matched or substituted
                    if (word[i - 1] == c && i > 1) {
                        row[w + 1 + i] = (char) Math.min(state.charAt(i - 2) + 1, cap); // a swap begins
                    }
                }
                if (i > 1 && word[i - 2] == c) {
                    d = Math.min(d, state.charAt(w + 1 + i)); // the swap completes
                }
                row[i] = (char) Math.min(d, cap);
                live |= d <= maxEdits;
            }
            return live ? new String(row) : null;
        }

        boolean accepts(String state) {
            return state.charAt(word.length) <= maxEdits;
        }
    }
}
