using System.Buffers.Binary;
using System.Text;

namespace FieldKit.LoadTest;

/// <summary>Frame types of a render batch (RenderTreeFrameType in the framework).</summary>
public enum FrameType
{
    Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6,
    ComponentReferenceCapture = 7, Markup = 8, NamedEvent = 10,
}

/// <summary>An element seen in a batch: its name, attributes and the event handlers on it.</summary>
public sealed record SeenElement(int ComponentId, string Name, IReadOnlyDictionary<string, string?> Attributes, IReadOnlyDictionary<string, ulong> Handlers, string? Text)
{
    public string? Attr(string name) => Attributes.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// Reads the binary render batch that the server sends with <c>JS.RenderBatch</c>, as blazor.web.js's
/// OutOfProcessRenderBatch does: five int32 offsets at the end (updated components, reference frames,
/// disposed component ids, disposed event handler ids, string table); reference frames of 20 bytes
/// (type, then 16 bytes of type-specific data); strings LEB128-length-prefixed UTF-8.
/// Only what a load client needs is kept: every string, and the elements (with attributes and handler ids)
/// that the batch's reference frames describe.
/// </summary>
public sealed class RenderBatch
{
    private const int FrameSize = 20;

    public IReadOnlyList<string> Strings { get; }
    public IReadOnlyList<SeenElement> Elements { get; }
    public IReadOnlyList<int> UpdatedComponentIds { get; }

    /// <summary>
    /// Attributes changed by SetAttribute edits: component, attribute, and either the new event handler id (a component
    /// re-rendered with a new delegate) or the new value (handler 0), e.g. an input's value set by its component.
    /// </summary>
    public IReadOnlyList<(int ComponentId, string Name, ulong HandlerId, string? Value)> AttributeUpdates { get; }
    public int ByteCount { get; }

    private RenderBatch(List<string> strings, List<SeenElement> elements, List<int> updated, List<(int, string, ulong, string?)> attributeUpdates, int bytes)
    {
        AttributeUpdates = attributeUpdates;
        Strings = strings;
        Elements = elements;
        UpdatedComponentIds = updated;
        ByteCount = bytes;
    }

    /// <summary>True when any string of the batch (text, markup, attribute value) contains <paramref name="text"/>.</summary>
    public bool Contains(string text)
    {
        foreach (var s in Strings)
            if (s.Contains(text, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The first element whose attribute <paramref name="name"/> equals <paramref name="value"/>.</summary>
    public SeenElement? Find(string name, string value) =>
        Elements.FirstOrDefault(e => e.Attributes.TryGetValue(name, out var v) && v == value);

    public static RenderBatch Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20) throw new FormatException($"A render batch of {data.Length} bytes is too short.");
        var end = data.Length;
        var updatedAt = I32(data, end - 20);
        var framesAt = I32(data, end - 16);
        var stringTableAt = I32(data, end - 4);

        // The string table: one int32 position per string, up to the end-of-batch offsets.
        var stringCount = (end - 20 - stringTableAt) / 4;
        var strings = new List<string>(stringCount);
        for (var i = 0; i < stringCount; i++)
        {
            var pos = I32(data, stringTableAt + i * 4);
            var (length, lenBytes) = Leb128(data, pos);
            strings.Add(Encoding.UTF8.GetString(data.Slice(pos + lenBytes, length)));
        }

        string? Str(int index) => index == -1 ? null : (uint)index < (uint)strings.Count ? strings[index] : throw new FormatException($"String index {index} out of range.");

        // Reference frames: a count, then 20-byte frames. An element's attributes follow it directly.
        var frameCount = I32(data, framesAt);
        var first = framesAt + 4;
        var elements = new List<SeenElement>();
        var attributeUpdates = new List<(int, string, ulong, string?)>();

        // Updated components: a count, then for each an int32 position of its diff: the component id, then its
        // edits (a count, then 16-byte entries: type, sibling index, reference frame index, removed attribute name).
        var updatedCount = I32(data, updatedAt);
        var updated = new List<int>(updatedCount);
        for (var i = 0; i < updatedCount; i++)
        {
            var diff = I32(data, updatedAt + 4 + i * 4);
            var componentId = I32(data, diff);
            updated.Add(componentId);
            var editCount = I32(data, diff + 4);
            for (var e = 0; e < editCount; e++)
            {
                var edit = diff + 8 + e * 16;
                var type = I32(data, edit);
                var frameIndex = I32(data, edit + 8);
                if (type == 1)   // PrependFrame: a new subtree
                {
                    var f = first + frameIndex * FrameSize;
                    var length = (FrameType)I32(data, f) == FrameType.Element || (FrameType)I32(data, f) == FrameType.Region ? I32(data, f + 4) : 1;
                    for (var j = frameIndex; j < frameIndex + length && j < frameCount; j++)
                        if (ReadElement(data, first, j, frameCount, componentId, Str) is { } seen) elements.Add(seen);
                }
                else if (type == 3)   // SetAttribute
                {
                    var a = first + frameIndex * FrameSize;
                    var handler = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(a + 12, 8));
                    attributeUpdates.Add((componentId, Str(I32(data, a + 4)) ?? "", handler, handler == 0 ? Str(I32(data, a + 8)) : null));
                }
            }
        }
        return new RenderBatch(strings, elements, updated, attributeUpdates, data.Length);
    }

    /// <summary>The element at frame <paramref name="i"/> with its attributes, handlers and first text; null for other frames or bare elements.</summary>
    private static SeenElement? ReadElement(ReadOnlySpan<byte> data, int first, int i, int frameCount, int componentId, Func<int, string?> Str)
    {
        var f = first + i * FrameSize;
        if ((FrameType)I32(data, f) != FrameType.Element) return null;
        var name = Str(I32(data, f + 8)) ?? "";
        var subtree = I32(data, f + 4);
        Dictionary<string, string?>? attributes = null;
        Dictionary<string, ulong>? handlers = null;
        for (var j = i + 1; j < i + subtree && j < frameCount; j++)
        {
            var a = first + j * FrameSize;
            if ((FrameType)I32(data, a) != FrameType.Attribute) break;
            var attrName = Str(I32(data, a + 4)) ?? "";
            var handler = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(a + 12, 8));
            if (handler != 0) (handlers ??= new(StringComparer.Ordinal))[attrName] = handler;
            else (attributes ??= new(StringComparer.Ordinal))[attrName] = Str(I32(data, a + 8));
        }
        if (attributes is null && handlers is null) return null;
        // The element's first text inside it (its own render only: a child component's text comes in its own diff).
        string? text = null;
        for (var j = i + 1; j < i + subtree && j < frameCount; j++)
        {
            var t = first + j * FrameSize;
            if ((FrameType)I32(data, t) != FrameType.Text) continue;
            text = Str(I32(data, t + 4));
            if (!string.IsNullOrWhiteSpace(text)) break;
        }
        return new SeenElement(componentId, name, (IReadOnlyDictionary<string, string?>?)attributes ?? Empty.Attributes,
            (IReadOnlyDictionary<string, ulong>?)handlers ?? Empty.Handlers, text?.Trim());
    }

    private static class Empty
    {
        public static readonly Dictionary<string, string?> Attributes = new();
        public static readonly Dictionary<string, ulong> Handlers = new();
    }

    private static int I32(ReadOnlySpan<byte> data, int at)
    {
        if (at < 0 || at + 4 > data.Length) throw new FormatException($"Offset {at} outside a render batch of {data.Length} bytes.");
        return BinaryPrimitives.ReadInt32LittleEndian(data.Slice(at, 4));
    }

    private static (int Value, int Bytes) Leb128(ReadOnlySpan<byte> data, int at)
    {
        int result = 0, shift = 0, i = 0;
        while (true)
        {
            var b = data[at + i++];
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (result, i);
            shift += 7;
            if (shift > 28) throw new FormatException("Bad LEB128 length in a render batch.");
        }
    }
}
