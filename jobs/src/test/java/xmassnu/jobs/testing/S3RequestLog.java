package xmassnu.jobs.testing;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records the HTTP requests S3A sends, in the order they complete, so a test can assert what a storage
 * operation does on S3 (how many COPYs a rename costs, whether every copy precedes every delete, which object
 * a commit writes last). S3A adds it to its S3 client through {@code fs.s3a.audit.execution.interceptors}
 * ({@link #install}); it records only between {@link #start()} and {@link #stop()}.
 *
 * <pre>{@code
 * S3RequestLog.start();
 * fs.rename(src, dst);
 * List<S3RequestLog.Request> log = S3RequestLog.stop();
 * }</pre>
 */
public final class S3RequestLog implements ExecutionInterceptor {
    /**
     * One completed request: the HTTP verb, or what S3 makes of it (COPY, LIST, PUT_PART, MULTIPART_START,
     * MULTIPART_COMPLETE, BULK_DELETE); the object key (a LIST's prefix); the HTTP status.
     */
    public record Request(String verb, String key, int status) {
        @Override
        public String toString() {
            return verb + " " + key + " " + status;
        }
    }

    private static List<Request> recording;

    /** A public no-argument constructor: the AWS SDK instantiates interceptors by class name. */
    public S3RequestLog() {}

    /** Adds this interceptor to the S3A settings in {@code conf} (before the S3A file system is created). */
    public static Configuration install(Configuration conf) {
        String existing = conf.getTrimmed("fs.s3a.audit.execution.interceptors", "");
        String name = S3RequestLog.class.getName();
        if (!existing.contains(name)) {
            conf.set("fs.s3a.audit.execution.interceptors", existing.isEmpty() ? name : existing + "," + name);
        }
        return conf;
    }

    /** Starts a new recording (discarding any unfinished one). */
    public static synchronized void start() {
        recording = new ArrayList<>();
    }

    /** Ends the recording and returns its requests in completion order. */
    public static synchronized List<Request> stop() {
        List<Request> r = recording == null ? List.of() : List.copyOf(recording);
        recording = null;
        return r;
    }

    /** The requests recorded so far, without ending the recording. */
    public static synchronized List<Request> snapshot() {
        return recording == null ? List.of() : List.copyOf(recording);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        record(context.httpRequest(), context.httpResponse().statusCode());
    }

    private static synchronized void record(SdkHttpRequest http, int status) {
        if (recording == null) {
            return;
        }
        String path = http.encodedPath();
        // path-style: /bucket/key; the key without the bucket, URL-decoded for readable assertions
        int slash = path.indexOf('/', 1);
        String key = slash < 0 ? "" : java.net.URLDecoder.decode(path.substring(slash + 1),
                java.nio.charset.StandardCharsets.UTF_8);
        String verb = http.method().name();
        if (verb.equals("PUT") && http.firstMatchingHeader("x-amz-copy-source").isPresent()) {
            verb = "COPY";
        } else if (verb.equals("GET") && (http.rawQueryParameters().containsKey("list-type")
                || http.rawQueryParameters().containsKey("prefix"))) {
            verb = "LIST";
            key = http.firstMatchingRawQueryParameter("prefix").orElse("");
        } else if (verb.equals("PUT") && http.rawQueryParameters().containsKey("partNumber")) {
            verb = "PUT_PART";
        } else if (verb.equals("POST") && http.rawQueryParameters().containsKey("delete")) {
            verb = "BULK_DELETE";
        } else if (verb.equals("POST") && http.rawQueryParameters().containsKey("uploads")) {
            verb = "MULTIPART_START";
        } else if (verb.equals("POST") && http.rawQueryParameters().containsKey("uploadId")) {
            verb = "MULTIPART_COMPLETE";
        }
        recording.add(new Request(verb, key, status));
    }
}
