-- Load the bundled example data (see test/data/make_example.py) into schema
-- "example".  Run from the repository root:  psql -f test/data/load_example.sql
-- (or from anywhere with  psql -v datadir=path/to/test/data -f ...).
-- The CSV files are read by psql (\copy), never by the server, so this works
-- whatever the permissions of the directory the clone lives in.
\set ON_ERROR_STOP on
\if :{?datadir}
\else
\set datadir test/data
\endif
DROP SCHEMA IF EXISTS example CASCADE;
CREATE SCHEMA example;
CREATE TABLE example.cancer_predictions (
    case_id         int NOT NULL,
    model           text NOT NULL,
    ts              timestamptz NOT NULL,
    label           boolean,          -- true = malignant (the positive class)
    score           float8,           -- predicted probability of malignant
    size_band       text,             -- tertile of mean radius
    texture_band    text,             -- above/below median mean texture
    mean_radius     float8,
    mean_texture    float8,
    mean_smoothness float8,
    PRIMARY KEY (model, case_id)
);
\set cancer_csv :datadir '/cancer_predictions.csv'
-- \copy takes the rest of its line verbatim (no variable interpolation), so
-- the command is assembled in a variable and run by interpolating it
\set load '\\copy example.cancer_predictions FROM ' :'cancer_csv' ' WITH (FORMAT csv, HEADER true)'
:load
CREATE INDEX ON example.cancer_predictions (ts);
CREATE TABLE example.digits_predictions (
    image_id   int PRIMARY KEY,
    ts         timestamptz NOT NULL,
    actual     int NOT NULL,
    predicted  int NOT NULL,
    confidence float8
);
\set digits_csv :datadir '/digits_predictions.csv'
\set load '\\copy example.digits_predictions FROM ' :'digits_csv' ' WITH (FORMAT csv, HEADER true)'
:load
-- the same model's out-of-fold probabilities of the 10 classes (element c + 1: class c)
CREATE TABLE example.digits_probabilities (
    image_id   int PRIMARY KEY REFERENCES example.digits_predictions,
    probs      float8[] NOT NULL
);
\set probs_csv :datadir '/digits_probabilities.csv'
\set load '\\copy example.digits_probabilities FROM ' :'probs_csv' ' WITH (FORMAT csv, HEADER true)'
:load
ANALYZE example.cancer_predictions;
ANALYZE example.digits_predictions;
ANALYZE example.digits_probabilities;
