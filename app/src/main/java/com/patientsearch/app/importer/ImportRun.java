package com.patientsearch.app.importer;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What both import commands share: the file check, the rejection list, the summary and the exit code. */
final class ImportRun {

    static final int OK = 0;
    static final int REJECTED = 1;
    static final int FAILED = 2;

    @FunctionalInterface
    interface Body {
        ImportReport run(java.util.function.Consumer<Rejection> rejections) throws Exception;
    }

    private ImportRun() {
    }

    static int run(Path file, PrintWriter out, PrintWriter err, Body body) {
        if (!Files.isRegularFile(file)) {
            err.println("No such file: " + file);
            return FAILED;
        }
        // listed after the run, so they do not tear the progress bar apart
        List<Rejection> rejections = new ArrayList<>();
        try {
            ImportReport report = body.run(rejections::add);
            rejections.forEach(err::println);
            err.flush();
            out.print(report.summary());
            out.flush();
            return report.rejected() > 0 ? REJECTED : OK;
        } catch (CsvSource.BadFileException e) {
            rejections.forEach(err::println);
            err.println(e.getMessage());
            return FAILED;
        } catch (NoSuchFileException e) {
            err.println("No such file: " + file);
            return FAILED;
        } catch (SQLException e) {
            // PostgreSQL's detail lines quote the offending row: print only the first line and the SQL state.
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            err.println("Import failed (SQL state " + e.getSQLState() + "): " + message);
            return FAILED;
        } catch (Exception e) {
            err.println("Import failed: " + e.getClass().getSimpleName());
            return FAILED;
        } finally {
            err.flush();
        }
    }
}
