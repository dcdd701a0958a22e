package dev.vellum.spring.boot.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This instance's default node name: the host name and the process id. */
public final class Nodes {

    private Nodes() {
    }

    /** {@code configured} when given, else {@code <host>-<pid>}. */
    public static String name(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
