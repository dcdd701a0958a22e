package dev.vellum.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 client on one keep-alive connection, as light as a client can be (no
 * selector, executor or thread hand-off per request), so that on a small machine the figure is
 * the server's and not the client library's: it writes a request in one write with Nagle off and
 * reads the answer, by {@code Content-Length} or chunked, before the next request.
 */
final class KeepAliveClient implements AutoCloseable {

    /** An answer: its status and body. */
    record Answer(int status, byte[] body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final String authorization;

    KeepAliveClient(URI server, String authorization) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()));
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.host = server.getHost() + ":" + server.getPort();
        this.authorization = authorization;
    }

    /** {@code GET pathAndQuery}. */
    Answer get(String pathAndQuery) throws IOException {
        return exchange("GET", pathAndQuery, null);
    }

    /** {@code POST pathAndQuery} with a JSON body. */
    Answer postJson(String pathAndQuery, String json) throws IOException {
        return exchange("POST", pathAndQuery, json.getBytes(StandardCharsets.UTF_8));
    }

    private Answer exchange(String method, String path, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\nAuthorization: ").append(authorization).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = headBytes;
        if (body != null) {
            request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
        }
        out.write(request);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                answer.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (length > 0) {
            answer.write(in.readNBytes((int) length));
        }
        return new Answer(code, answer.toByteArray());
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("The server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
