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

static PyMethodDef methods[] = {
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
