package io.genlab.tracking.testkit.internal;

import com.google.gson.JsonObject;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The artifact proxy {@code mlflow server} serves by default (MLflow's {@code
 * mlflow_artifacts.proto}), paths relative to the artifact store's root:
 *
 * <ul>
 *   <li>{@code PUT /api/2.0/mlflow-artifacts/artifacts/<path>}: the body is the file; answers
 *       {@code {}}.
 *   <li>{@code GET /api/2.0/mlflow-artifacts/artifacts/<path>}: the file's bytes, with {@code
 *       Content-Disposition: attachment}. A missing file answers 500 INTERNAL_ERROR, as MLflow 2.17
 *       does (its download fails; it does not answer 404).
 *   <li>{@code GET /api/2.0/mlflow-artifacts/artifacts?path=<dir>}: {@code {"files": [{"path",
 *       "is_dir", "file_size"}]}} with each entry's name within the directory, sorted; {@code {}}
 *       for an empty or missing directory.
 *   <li>{@code DELETE /api/2.0/mlflow-artifacts/artifacts/<path>}: removes a file or a directory.
 * </ul>
 *
 * <p>Paths with a {@code ..} part, absolute paths and paths with {@code #}, also percent-encoded,
 * are refused with 400 INVALID_PARAMETER_VALUE "Invalid path". A server without artifact serving
 * answers every such request 503, as {@code mlflow server --no-serve-artifacts} does. Multipart
 * uploads answer 501.
 */
public final class ArtifactApi {
  public static final String PREFIX = "/api/2.0/mlflow-artifacts/";
  private static final String FILES = PREFIX + "artifacts";

  private final ArtifactStore store;
  private final boolean serving;

  public ArtifactApi(ArtifactStore store, boolean serving) {
    this.store = store;
    this.serving = serving;
  }

  /** The route's name for counting requests: {@code artifacts} (listing) or {@code artifacts/*}. */
  public static String routeName(String path) {
    if (path.equals(FILES)) {
      return "mlflow-artifacts/artifacts";
    }
    return path.startsWith(FILES + "/") ? "mlflow-artifacts/artifacts/*" : null;
  }

  /** Answers a request under {@link #PREFIX}. */
  public HttpReply handle(HttpCall call) {
    String path = call.path();
    boolean files =
        path.equals(FILES) || path.startsWith(FILES + "/") && path.length() > FILES.length() + 1;
    boolean multipart = path.startsWith(PREFIX + "mpu/");
    if (!files && !multipart) {
      return HttpReply.notFound();
    }
    if (!serving) {
      return HttpReply.text(
          503,
          "Endpoint: "
              + path
              + " disabled due to the mlflow server running with"
              + " `--no-serve-artifacts`. To enable artifacts server functionality, run `mlflow"
              + " server` with `--serve-artifacts`");
    }
    if (multipart) {
      return HttpReply.error(
          ErrorCode.NOT_IMPLEMENTED, "The fake MLflow server does not implement " + path);
    }
    try {
      if (path.equals(FILES)) {
        return call.method().equals("GET")
            ? list(call)
            : HttpReply.methodNotAllowed("GET, HEAD, OPTIONS");
      }
      String artifactPath = ArtifactPaths.safe(path.substring(FILES.length() + 1));
      return switch (call.method()) {
        case "GET" -> download(artifactPath);
        case "PUT" -> {
          if (path.endsWith("/")) {
            throw new MlflowError(ErrorCode.INTERNAL_ERROR, "[Errno 21] Is a directory: ''");
          }
          store.put(artifactPath, call.body());
          yield HttpReply.json(new JsonObject());
        }
        case "DELETE" -> {
          store.delete(artifactPath);
          yield HttpReply.json(new JsonObject());
        }
        default -> HttpReply.methodNotAllowed("GET, PUT, DELETE, HEAD, OPTIONS");
      };
    } catch (MlflowError e) {
      return HttpReply.error(e);
    }
  }

  private HttpReply list(HttpCall call) {
    ProtoFields message = TrackingApi.message(call);
    String dir = message.string("path");
    String safe = dir == null ? "" : ArtifactPaths.safe(dir);
    List<JsonObject> entries = new ArrayList<>();
    for (ArtifactStore.Entry entry : store.list(safe)) {
      entries.add(ResponseShapes.fileInfo(entry.name(), entry.isDir(), entry.size()));
    }
    JsonObject out = new JsonObject();
    ResponseShapes.addArray(out, "files", entries);
    return HttpReply.json(out);
  }

  private HttpReply download(String artifactPath) {
    byte[] bytes = store.get(artifactPath);
    String name = artifactPath.substring(artifactPath.lastIndexOf('/') + 1);
    String type = URLConnection.guessContentTypeFromName(name);
    Map<String, String> headers =
        HttpReply.contentType(type == null ? "application/octet-stream" : type);
    headers.put("Content-Disposition", "attachment; filename=" + name);
    headers.put("X-Content-Type-Options", "nosniff");
    return new HttpReply(200, headers, bytes);
  }
}
