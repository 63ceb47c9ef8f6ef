package com.patientsearch.app.importer;

import com.patientsearch.app.api.TooManyRequestsException;
import io.micronaut.context.annotation.Value;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.io.InputStream;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * {@code POST /api/v1/imports/patients} (importer role: the security rules cover /api/v1/imports/**): the CLI's
 * patient import over HTTP, same CSV columns, same validation and upsert. The body is streamed, never buffered
 * whole: JSON bodies stay within {@code micronaut.server.max-request-buffer-size} (1MB) while this streamed body
 * may reach {@code micronaut.server.max-request-size} (50MB); past it the answer is 413. (The buffer limit also caps
 * what arrives before the parser reads it; Netty asks for 64KB at a time, so it must stay well above that.)
 */
@Controller("/api/v1/imports")
@Tag(name = "Imports")
// The importer role comes from the /api/v1/imports/** rule in application.yml; stated here for the OpenAPI document.
@SecurityRequirement(name = "bearerAuth", scopes = "importer")
class ImportController {

    static final String ENDPOINT = "POST /api/v1/imports/patients";
    /** Listed problems per response; {@code rejected} still counts every refused row. */
    static final int MAX_LISTED = 1000;

    private final PatientImporter importer;
    /** Imports running at once: each holds a parser thread, a connection per chunk and its body's stream. */
    private final Semaphore running;
    private final Duration retryAfter;

    ImportController(PatientImporter importer,
                     @Value("${imports.max-concurrent:2}") int maxConcurrent,
                     @Value("${imports.retry-after:30s}") Duration retryAfter) {
        this.importer = importer;
        this.running = new Semaphore(Math.max(1, maxConcurrent));
        this.retryAfter = retryAfter;
    }

    @Serdeable
    record RejectionItem(long line, @Nullable String field, String reason) {
    }

    /** What the import did; rows are counted by line, rejections listed problem by problem (no values). */
    @Serdeable
    record ImportResult(long read, long inserted, long updated, long rejected, List<RejectionItem> rejections,
                        boolean rejectionsTruncated) {
    }

    @Post(uri = "/patients", consumes = {"text/csv"}, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Import patients from CSV", description = "Header (any column order): clinic_code, mrn, first_name, "
            + "middle_name, last_name, date_of_birth, gender, status, phone, email, street, city, state, postal_code, country. "
            + "Rows are upserted by clinic and mrn; rejected rows (and rows of clinics outside the token's) are reported by line.")
    @ApiResponse(responseCode = "200", description = "What was read, inserted, updated and rejected")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/TooLarge")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyImports")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    ImportResult importPatients(@Parameter(hidden = true) CallerScope caller, @Nullable @Body InputStream body)
            throws Exception {
        if (body == null) {
            // a declared Content-Length past the limit never gets here (RequestSizeFilter answers 413 first)
            throw new InvalidParameterException("body", "is empty: send the CSV file");
        }
        if (!running.tryAcquire()) {
            throw new TooManyRequestsException("Other imports are running; this one was not started.", retryAfter);
        }
        List<RejectionItem> listed = new ArrayList<>();
        boolean[] truncated = {false};
        try {
            ImportReport report = importer.importCsv(body, -1, caller, ENDPOINT, rejection -> {
                for (Rejection.Problem problem : rejection.problems()) {
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new RejectionItem(rejection.line(), problem.field(), problem.reason()));
                    } else {
                        truncated[0] = true;
                    }
                }
            }, false);
            return new ImportResult(report.read(), report.inserted(), report.updated(), report.rejected(), listed,
                    truncated[0]);
        } catch (CsvSource.BadFileException e) {
            rethrowSizeLimit(e);
            throw new InvalidParameterException("body", e.getMessage());
        } catch (Exception e) {
            rethrowSizeLimit(e);
            throw e;
        } finally {
            running.release();
        }
    }

    /** A streamed body that outgrew the limit surfaces as a read failure: answer it as the 413 it is. */
    private static void rethrowSizeLimit(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ContentLengthExceededException tooLong) {
                throw tooLong;
            }
        }
    }
}
