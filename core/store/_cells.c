/* runnerup.store._cells: the bulk-append hot loop of the SQLite store, in C.
 *
 * seal(group, names, recorded_us, prev) -> (cells, prev)
 *
 * The same result, byte for byte, as the pure-Python runnerup.store.commits._seal
 * (the tests hold the two together): for every event of every planned write in
 * ``group`` it formats the event's canonical bytes
 *
 *     [position,"stream",version,"type",occurred_us,recorded_us,len(meta),len(data),meta,data]
 *
 * chains their sha256 onto ``prev`` (32 bytes), and returns the stored cell: the
 * canonical bytes with the hash, as hex, appended before the closing bracket.
 *
 * A planned write (a Run) is (stream as JSON bytes, position before it, version
 * before it, [Pending(type, data, occurred_us, meta), ...]); ``names`` maps a
 * type name to its JSON string as bytes (a dict subclass with __missing__).
 *
 * Optional: when this module cannot be built, the store uses the Python loop.
 * (The read side's loop is runnerup._replay, kept apart so a read-only command
 * never loads OpenSSL.)
 */
#define PY_SSIZE_T_CLEAN
#define OPENSSL_SUPPRESS_DEPRECATED
#include <Python.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    char *data;
    Py_ssize_t len;
    Py_ssize_t cap;
} Buffer;

static int
reserve(Buffer *b, Py_ssize_t extra)
{
    if (b->len + extra <= b->cap) {
        return 0;
    }
    Py_ssize_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra) {
        cap *= 2;
    }
    char *data = PyMem_Realloc(b->data, (size_t)cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

/* Callers reserve first: the put_* helpers never grow the buffer. */
static inline void
put(Buffer *b, const char *src, Py_ssize_t n)
{
    memcpy(b->data + b->len, src, (size_t)n);
    b->len += n;
}

static inline void
put_char(Buffer *b, char c)
{
    b->data[b->len++] = c;
}

/* At most 20 characters: "-9223372036854775808". */
static inline void
put_int(Buffer *b, long long value)
{
    char digits[24];
    int n = 0;
    unsigned long long magnitude;
    if (value < 0) {
        put_char(b, '-');
        magnitude = 0ULL - (unsigned long long)value;
    }
    else {
        magnitude = (unsigned long long)value;
    }
    do {
        digits[n++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    while (n) {
        put_char(b, digits[--n]);
    }
}

static int
as_long_long(PyObject *obj, long long *out)
{
    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "an integer is required, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    *out = PyLong_AsLongLong(obj);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int
as_bytes(PyObject *obj, const char **data, Py_ssize_t *len)
{
    if (!PyBytes_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "bytes are required, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    *data = PyBytes_AS_STRING(obj);
    *len = PyBytes_GET_SIZE(obj);
    return 0;
}

static const char HEX[] = "0123456789abcdef";

static PyObject *
seal(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "seal(group, names, recorded_us, prev) takes 4 arguments");
        return NULL;
    }
    PyObject *group = args[0], *names = args[1];
    long long recorded_us;
    const char *prev_data;
    Py_ssize_t prev_len;
    if (as_long_long(args[2], &recorded_us) < 0 || as_bytes(args[3], &prev_data, &prev_len) < 0) {
        return NULL;
    }
    if (prev_len != SHA256_DIGEST_LENGTH) {
        PyErr_SetString(PyExc_ValueError, "prev must be a 32-byte sha256 digest");
        return NULL;
    }
    unsigned char prev[SHA256_DIGEST_LENGTH];
    memcpy(prev, prev_data, SHA256_DIGEST_LENGTH);

    char recorded[24];
    Buffer scratch = {recorded, 0, sizeof recorded};
    put_int(&scratch, recorded_us);
    Py_ssize_t recorded_len = scratch.len;

    PyObject *runs = PySequence_Fast(group, "group must be a sequence of runs");
    if (runs == NULL) {
        return NULL;
    }
    PyObject *cells = PyList_New(0);
    Buffer b = {NULL, 0, 0};
    if (cells == NULL) {
        goto fail;
    }
    Py_ssize_t run_count = PySequence_Fast_GET_SIZE(runs);
    for (Py_ssize_t r = 0; r < run_count; r++) {
        PyObject *run = PySequence_Fast_GET_ITEM(runs, r);
        if (!PyTuple_Check(run) || PyTuple_GET_SIZE(run) != 4) {
            PyErr_SetString(PyExc_TypeError, "a run is (stream, position, version, events)");
            goto fail;
        }
        const char *stream;
        Py_ssize_t stream_len;
        long long position, version;
        if (as_bytes(PyTuple_GET_ITEM(run, 0), &stream, &stream_len) < 0
            || as_long_long(PyTuple_GET_ITEM(run, 1), &position) < 0
            || as_long_long(PyTuple_GET_ITEM(run, 2), &version) < 0) {
            goto fail;
        }
        PyObject *events = PySequence_Fast(PyTuple_GET_ITEM(run, 3), "events must be a sequence");
        if (events == NULL) {
            goto fail;
        }
        Py_ssize_t event_count = PySequence_Fast_GET_SIZE(events);
        for (Py_ssize_t i = 0; i < event_count; i++) {
            PyObject *event = PySequence_Fast_GET_ITEM(events, i);
            if (!PyTuple_Check(event) || PyTuple_GET_SIZE(event) != 4) {
                PyErr_SetString(PyExc_TypeError, "an event is (type, data, occurred_us, meta)");
                Py_DECREF(events);
                goto fail;
            }
            PyObject *name = PyObject_GetItem(names, PyTuple_GET_ITEM(event, 0));
            const char *name_data, *data, *meta;
            Py_ssize_t name_len, data_len, meta_len;
            long long occurred_us;
            if (name == NULL || as_bytes(name, &name_data, &name_len) < 0
                || as_bytes(PyTuple_GET_ITEM(event, 1), &data, &data_len) < 0
                || as_long_long(PyTuple_GET_ITEM(event, 2), &occurred_us) < 0
                || as_bytes(PyTuple_GET_ITEM(event, 3), &meta, &meta_len) < 0) {
                Py_XDECREF(name);
                Py_DECREF(events);
                goto fail;
            }
            /* eight integers of at most 20 characters, punctuation, the hash */
            b.len = 0;
            if (reserve(&b, stream_len + name_len + meta_len + data_len + recorded_len + 256) < 0) {
                Py_DECREF(name);
                Py_DECREF(events);
                goto fail;
            }
            put_char(&b, '[');
            put_int(&b, position + i + 1);
            put_char(&b, ',');
            put(&b, stream, stream_len);
            put_char(&b, ',');
            put_int(&b, version + i + 1);
            put_char(&b, ',');
            put(&b, name_data, name_len);
            put_char(&b, ',');
            put_int(&b, occurred_us);
            put_char(&b, ',');
            put(&b, recorded, recorded_len);
            put_char(&b, ',');
            put_int(&b, meta_len);
            put_char(&b, ',');
            put_int(&b, data_len);
            put_char(&b, ',');
            put(&b, meta, meta_len);
            put_char(&b, ',');
            put(&b, data, data_len);
            Py_DECREF(name);

            SHA256_CTX ctx;
            SHA256_Init(&ctx);
            SHA256_Update(&ctx, prev, SHA256_DIGEST_LENGTH);
            SHA256_Update(&ctx, b.data, (size_t)b.len);
            SHA256_Update(&ctx, "]", 1);
            SHA256_Final(prev, &ctx);

            put(&b, ",\"", 2);
            for (int k = 0; k < SHA256_DIGEST_LENGTH; k++) {
                put_char(&b, HEX[prev[k] >> 4]);
                put_char(&b, HEX[prev[k] & 15]);
            }
            put(&b, "\"]", 2);
            PyObject *cell = PyBytes_FromStringAndSize(b.data, b.len);
            if (cell == NULL || PyList_Append(cells, cell) < 0) {
                Py_XDECREF(cell);
                Py_DECREF(events);
                goto fail;
            }
            Py_DECREF(cell);
        }
        Py_DECREF(events);
    }
    PyMem_Free(b.data);
    Py_DECREF(runs);
    PyObject *digest = PyBytes_FromStringAndSize((const char *)prev, SHA256_DIGEST_LENGTH);
    if (digest == NULL) {
        Py_DECREF(cells);
        return NULL;
    }
    PyObject *result = PyTuple_Pack(2, cells, digest);
    Py_DECREF(cells);
    Py_DECREF(digest);
    return result;

fail:
    PyMem_Free(b.data);
    Py_DECREF(runs);
    Py_XDECREF(cells);
    return NULL;
}

/* plan(writes, known, position, commit_rows, encode) -> (runs, streams, more)
 *
 * The same layout as the pure-Python runnerup.store.commits.plan, in one pass:
 * runs[i] = (stream as JSON, position before it, version before it, events),
 * streams = {name: [name, version after the batch, first commit holding it]},
 * more = [(name, commit), ...] unsorted, with repeats (the caller sorts them).
 * ``encode`` is msgspec's JSON encoder, used for a stream name that needs an
 * escape (a quote, a backslash, a control character).
 */
static PyObject *
stream_json(PyObject *stream, PyObject *encode)
{
    Py_ssize_t len;
    const char *utf8 = PyUnicode_Check(stream) ? PyUnicode_AsUTF8AndSize(stream, &len) : NULL;
    if (utf8 == NULL) {
        PyErr_Clear();
        return PyObject_CallOneArg(encode, stream);
    }
    for (Py_ssize_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)utf8[k];
        if (c < 0x20 || c == '"' || c == '\\') {
            return PyObject_CallOneArg(encode, stream);
        }
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, len + 2);
    if (out != NULL) {
        char *dst = PyBytes_AS_STRING(out);
        dst[0] = '"';
        memcpy(dst + 1, utf8, (size_t)len);
        dst[len + 1] = '"';
    }
    return out;
}

static int
append_more(PyObject *more, PyObject *stream, long long commit)
{
    PyObject *pair = Py_BuildValue("(OL)", stream, commit);
    if (pair == NULL) {
        return -1;
    }
    int failed = PyList_Append(more, pair);
    Py_DECREF(pair);
    return failed;
}

static PyObject *
plan(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "plan(writes, known, position, commit_rows, encode) takes 5 arguments");
        return NULL;
    }
    PyObject *known = args[1], *encode = args[4];
    long long position, rows;
    if (!PyDict_Check(known)) {
        PyErr_SetString(PyExc_TypeError, "known must be a dict");
        return NULL;
    }
    if (as_long_long(args[2], &position) < 0 || as_long_long(args[3], &rows) < 0) {
        return NULL;
    }
    if (rows < 1) {
        PyErr_SetString(PyExc_ValueError, "commit_rows must be positive");
        return NULL;
    }
    PyObject *writes = PySequence_Fast(args[0], "writes must be a sequence");
    if (writes == NULL) {
        return NULL;
    }
    PyObject *runs = PyList_New(0), *streams = PyDict_New(), *more = PyList_New(0);
    if (runs == NULL || streams == NULL || more == NULL) {
        goto fail;
    }
    long long at = position + 1, commit = at, boundary = at + rows;
    Py_ssize_t write_count = PySequence_Fast_GET_SIZE(writes);
    for (Py_ssize_t w = 0; w < write_count; w++) {
        PyObject *write = PySequence_Fast_GET_ITEM(writes, w);
        if (!PyTuple_Check(write) || PyTuple_GET_SIZE(write) < 2) {
            PyErr_SetString(PyExc_TypeError, "a write is (stream, events, ...)");
            goto fail;
        }
        PyObject *stream = PyTuple_GET_ITEM(write, 0), *events = PyTuple_GET_ITEM(write, 1);
        Py_ssize_t count = PyObject_Size(events);
        if (count < 0) {
            goto fail;
        }
        if (count == 0) {
            continue;
        }
        if (at == boundary) {
            commit = boundary;
            boundary += rows;
        }
        long long version;
        PyObject *entry = PyDict_GetItemWithError(streams, stream);
        if (entry == NULL) {
            if (PyErr_Occurred()) {
                goto fail;
            }
            PyObject *before = PyDict_GetItemWithError(known, stream);
            if (before == NULL && PyErr_Occurred()) {
                goto fail;
            }
            version = 0;
            if (before != NULL && as_long_long(before, &version) < 0) {
                goto fail;
            }
            PyObject *fresh = PyList_New(3);
            if (fresh == NULL) {
                goto fail;
            }
            PyList_SET_ITEM(fresh, 0, Py_NewRef(stream));
            PyList_SET_ITEM(fresh, 1, PyLong_FromLongLong(version + count));
            PyList_SET_ITEM(fresh, 2, PyLong_FromLongLong(commit));
            if (PyList_GET_ITEM(fresh, 1) == NULL || PyList_GET_ITEM(fresh, 2) == NULL
                || PyDict_SetItem(streams, stream, fresh) < 0) {
                Py_XDECREF(fresh);
                goto fail;
            }
            Py_DECREF(fresh);
        }
        else {
            if (!PyList_Check(entry) || PyList_GET_SIZE(entry) != 3
                || as_long_long(PyList_GET_ITEM(entry, 1), &version) < 0) {
                goto fail;
            }
            PyObject *after = PyLong_FromLongLong(version + count);
            if (after == NULL) {
                goto fail;
            }
            PyList_SetItem(entry, 1, after); /* steals the reference */
            long long first;
            if (as_long_long(PyList_GET_ITEM(entry, 2), &first) < 0) {
                goto fail;
            }
            if (first != commit && append_more(more, stream, commit) < 0) {
                goto fail;
            }
        }
        PyObject *json = stream_json(stream, encode);
        if (json == NULL) {
            goto fail;
        }
        PyObject *run = PyTuple_New(4);
        if (run == NULL) {
            Py_DECREF(json);
            goto fail;
        }
        PyTuple_SET_ITEM(run, 0, json);
        PyTuple_SET_ITEM(run, 1, PyLong_FromLongLong(at - 1));
        PyTuple_SET_ITEM(run, 2, PyLong_FromLongLong(version));
        PyTuple_SET_ITEM(run, 3, Py_NewRef(events));
        if (PyTuple_GET_ITEM(run, 1) == NULL || PyTuple_GET_ITEM(run, 2) == NULL
            || PyList_Append(runs, run) < 0) {
            Py_XDECREF(run);
            goto fail;
        }
        Py_DECREF(run);
        at += count;
        while (at > boundary) {
            commit = boundary;
            boundary += rows;
            if (append_more(more, stream, commit) < 0) {
                goto fail;
            }
        }
    }
    Py_DECREF(writes);
    return Py_BuildValue("(NNN)", runs, streams, more);

fail:
    Py_DECREF(writes);
    Py_XDECREF(runs);
    Py_XDECREF(streams);
    Py_XDECREF(more);
    return NULL;
}

static PyMethodDef methods[] = {
    {"plan", (PyCFunction)(void (*)(void))plan, METH_FASTCALL,
     "plan(writes, known, position, commit_rows, encode) -> (runs, streams, more): lay out "
     "an append."},
    {"seal", (PyCFunction)(void (*)(void))seal, METH_FASTCALL,
     "seal(group, names, recorded_us, prev) -> (cells, prev): format, hash-chain and seal "
     "the events of planned writes."},

    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "runnerup.store._cells",
    "The SQLite store's bulk-append loop in C (optional; see runnerup.store.commits).",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__cells(void)
{
    return PyModule_Create(&module);
}
