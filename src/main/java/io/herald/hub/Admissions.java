package io.herald.hub;

import java.util.HashMap;
import java.util.Map;

/**
 * The connection limits' bookkeeping: how many streams are admitted in total and per client (a
 * user, or an address for anonymous clients). A stream is counted from its admission until it
 * closes.
 */
final class Admissions {

    private final Map<String, Integer> perClient = new HashMap<>();
    private int total;

    synchronized Admission admit(Subscriber subscriber, int maxTotal, int maxPerClient) {
        if (total >= maxTotal) {
            return Admission.TOO_MANY_IN_TOTAL;
        }
        String client = subscriber.info().client();
        int mine = perClient.getOrDefault(client, 0);
        if (mine >= maxPerClient) {
            return Admission.TOO_MANY_FOR_CLIENT;
        }
        perClient.put(client, mine + 1);
        total++;
        subscriber.admitted = true;
        return Admission.ADMITTED;
    }

    synchronized void release(Subscriber subscriber) {
        if (!subscriber.admitted) {
            return;
        }
        String client = subscriber.info().client();
        int left = perClient.getOrDefault(client, 1) - 1;
        if (left <= 0) {
            perClient.remove(client);
        } else {
            perClient.put(client, left);
        }
        total--;
    }
}
