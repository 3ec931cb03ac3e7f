package io.archipel.delivery.smtp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny SMTP server for tests that need exact control: recipients starting with {@code reject} get 550, with
 * {@code busy} 450; every accepted mail is kept byte for byte (dot-stuffing undone), so a DKIM signature can be
 * checked on exactly what was transmitted. It advertises PIPELINING (RFC 2920) and reads commands line by line, so
 * pipelined commands are answered in order.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    record Received(String from, List<String> to, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 scripted ESMTP");
            String from = null;
            List<String> to = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-scripted\r\n250-PIPELINING\r\n250 8BITMIME");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 scripted");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = line.substring(10).trim();
                    to.clear();
                    reply(out, "250 OK");
                } else if (upper.startsWith("RCPT TO:")) {
                    String address = line.substring(8).trim().replace("<", "").replace(">", "");
                    if (address.startsWith("reject")) {
                        reply(out, "550 5.1.1 No such user");
                    } else if (address.startsWith("busy")) {
                        reply(out, "450 4.2.1 Mailbox busy, try later");
                    } else {
                        to.add(address);
                        reply(out, "250 OK");
                    }
                } else if (upper.equals("DATA")) {
                    if (to.isEmpty()) {
                        reply(out, "554 No valid recipients");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    String dataLine;
                    while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                        if (dataLine.startsWith(".")) {
                            dataLine = dataLine.substring(1);
                        }
                        data.write(dataLine.getBytes(StandardCharsets.ISO_8859_1));
                        data.write('\r');
                        data.write('\n');
                    }
                    received.add(new Received(from, List.copyOf(to), data.toByteArray()));
                    reply(out, "250 OK queued");
                } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                    from = null;
                    to.clear();
                    reply(out, "250 OK");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
