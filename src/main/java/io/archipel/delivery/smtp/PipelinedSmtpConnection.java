package io.archipel.delivery.smtp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.archipel.delivery.internal.MimeMails;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;

/**
 * A minimal SMTP client for prebuilt campaign mails over a plain TCP_NODELAY connection (relays without TLS or
 * authentication, e.g. a local MTA or a sink on loopback): with PIPELINING (RFC 2920) advertised, MAIL FROM, RCPT TO
 * and DATA leave in one write and their three replies are read together, then the dot-stuffed content and its final
 * "." leave in one write: two round trips and two writes per mail instead of Jakarta Mail's four round trips and its
 * byte-by-byte CR/LF and dot-stuffing output stream. Without PIPELINING the same commands go one at a time.
 * <p>
 * Outcomes as in {@link PooledSmtpTransport}: 250 to the data → ACCEPTED; a 5xx to MAIL, RCPT or the data →
 * PERMANENT; a 4xx → TEMPORARY; 421 or any I/O error → TEMPORARY and the connection is closed (made again for the
 * next mail). Not thread-safe: one thread at a time (the pool's connections are taken from a queue).
 */
final class PipelinedSmtpConnection implements AutoCloseable {

    /** A failure to reach or greet the server (the caller answers the rest of its share TEMPORARY at once). */
    static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static volatile String localName;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean pipelining;
    private final byte[] line = new byte[1024];
    private byte[] buffer = new byte[32 * 1024];
    private String lastReply = "";
    private boolean closed;

    private PipelinedSmtpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 4096);
        this.out = socket.getOutputStream();
    }

    /** Connects, reads the greeting and says EHLO (HELO when EHLO is refused). */
    static PipelinedSmtpConnection open(String host, int port, String heloName, int connectTimeoutMillis,
            int readTimeoutMillis) throws IOException {
        Socket socket = NoDelaySocketFactory.INSTANCE.createSocket();
        PipelinedSmtpConnection c;
        try {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            c = new PipelinedSmtpConnection(socket);
            int greeting = c.reply();
            if (greeting != 220) {
                throw new IOException("server greeting: " + c.lastReply);
            }
            String name = heloName != null ? heloName : localName();
            c.command("EHLO " + name);
            int ehlo = c.reply();
            if (ehlo == 250) {
                c.pipelining = c.lastReply.toUpperCase(Locale.ROOT).contains("PIPELINING");
            } else {
                c.command("HELO " + name);
                if (c.reply() != 250) {
                    throw new IOException("HELO refused: " + c.lastReply);
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new Unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    boolean pipelining() {
        return pipelining;
    }

    boolean isOpen() {
        return !closed;
    }

    /**
     * Sends one mail: {@code signature} (a DKIM-Signature field, may be null), the raw headers, a blank line and the
     * body, dot-stuffed. An I/O error closes the connection and is thrown (the caller answers TEMPORARY).
     */
    Outcome send(String from, String to, byte[] signature, MimeMails.Raw raw) throws IOException {
        try {
            byte[] envelope = ("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + to + ">\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            int mail;
            int rcpt;
            String mailText;
            String rcptText;
            int data;
            if (pipelining) {
                out.write(envelope);
                out.flush();
                mail = reply();
                mailText = lastReply;
                rcpt = reply();
                rcptText = lastReply;
                data = reply();
            } else {
                command("MAIL FROM:<" + from + ">");
                mail = reply();
                mailText = lastReply;
                rcpt = -1;
                rcptText = "";
                data = -1;
                if (mail == 250) {
                    command("RCPT TO:<" + to + ">");
                    rcpt = reply();
                    rcptText = lastReply;
                    if (rcpt == 250 || rcpt == 251) {
                        command("DATA");
                        data = reply();
                    }
                }
            }
            if (mail == 421 || rcpt == 421 || data == 421) {
                close();
                return new Outcome(Kind.TEMPORARY, lastReply);
            }
            if (data != 354) {
                Outcome refused = mail != 250 ? refusal(mail, mailText)
                        : rcpt != 250 && rcpt != 251 ? refusal(rcpt, rcptText) : refusal(data, lastReply);
                // a transaction may be half open (sender accepted): start afresh for the next mail
                command("RSET");
                if (reply() == 421) {
                    close();
                }
                return refused;
            }
            writeContent(signature, raw);
            int end = reply();
            if (end == 250) {
                return CampaignTransport.Outcome.ACCEPTED_OUTCOME;
            }
            if (end == 421) {
                close();
            }
            return refusal(end, lastReply);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private static Outcome refusal(int code, String text) {
        return new Outcome(code >= 500 && code < 600 ? Kind.PERMANENT : Kind.TEMPORARY, text);
    }

    /** The content, dot-stuffed, ending with CRLF "." CRLF, in one write. */
    private void writeContent(byte[] signature, MimeMails.Raw raw) throws IOException {
        byte[] headers = raw.headers();
        byte[] body = raw.body();
        int sig = signature == null ? 0 : signature.length;
        // worst case: every line starts with a dot
        int max = sig + headers.length + 2 + body.length + body.length / 2 + 8;
        if (buffer.length < max) {
            buffer = new byte[Math.max(max, buffer.length * 2)];
        }
        int o = 0;
        // header lines never start with "." (field names, or folding white space)
        if (sig > 0) {
            System.arraycopy(signature, 0, buffer, o, sig);
            o += sig;
        }
        System.arraycopy(headers, 0, buffer, o, headers.length);
        o += headers.length;
        buffer[o++] = '\r';
        buffer[o++] = '\n';
        o = stuff(body, buffer, o);
        if (body.length > 0 && !(body.length >= 2 && body[body.length - 2] == '\r' && body[body.length - 1] == '\n')) {
            buffer[o++] = '\r';
            buffer[o++] = '\n';
        }
        buffer[o++] = '.';
        buffer[o++] = '\r';
        buffer[o++] = '\n';
        out.write(buffer, 0, o);
        out.flush();
    }

    /**
     * Copies {@code body} after {@code o}, doubling a "." that starts a line; returns the new end. The line starts
     * are found with {@link String#indexOf(String, int)} over a Latin-1 view of the bytes (a vectorised search; a
     * byte-by-byte loop was a tenth of a send's CPU).
     */
    static int stuff(byte[] body, byte[] to, int o) {
        int n = body.length;
        int from = 0;
        if (n > 0 && body[0] == '.') {
            to[o++] = '.';
        }
        String view = new String(body, StandardCharsets.ISO_8859_1); // a plain copy of the bytes
        int at = view.indexOf("\n.");
        while (at >= 0) {
            int len = at + 1 - from;
            System.arraycopy(body, from, to, o, len);
            o += len;
            to[o++] = '.';
            from = at + 1;
            at = view.indexOf("\n.", from);
        }
        System.arraycopy(body, from, to, o, n - from);
        return o + n - from;
    }

    private void command(String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one (possibly multi-line) reply; its code, its text in {@link #lastReply}. */
    private int reply() throws IOException {
        StringBuilder text = null;
        while (true) {
            int n = readLine();
            if (n < 3) {
                throw new IOException("malformed SMTP reply");
            }
            int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (code < 100 || code > 599) {
                throw new IOException("malformed SMTP reply");
            }
            boolean more = n > 3 && line[3] == '-';
            if (!more && text == null) {
                lastReply = new String(line, 0, n, StandardCharsets.ISO_8859_1);
                return code;
            }
            if (text == null) {
                text = new StringBuilder();
            } else {
                text.append(' ');
            }
            text.append(new String(line, 0, n, StandardCharsets.ISO_8859_1));
            if (!more) {
                lastReply = text.toString();
                return code;
            }
        }
    }

    /** One line without its CRLF into {@link #line} (cut at its size); its length. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < line.length) {
                line[n++] = (byte) b;
            }
        }
    }

    /** QUIT (without waiting for the answer) and close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone
        }
    }

    private static String localName() {
        String name = localName;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
            if (name == null || name.isBlank() || !name.contains(".")) {
                name = name == null || name.isBlank() ? "localhost" : name;
            }
            localName = name;
        }
        return name;
    }
}
