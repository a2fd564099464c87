use super::*;
use std::sync::Arc;

fn bytes_of(chunks: &[Chunk], name: &str) -> Vec<u8> {
    chunks
        .iter()
        .find(|c| c.name == name)
        .unwrap()
        .bytes
        .as_slice()
        .to_vec()
}

#[test]
fn reads_span_chunks_and_name_the_missing_ones() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let (map, chunks) = split(vec![("a.idx".into(), bytes.clone())], 64);
    assert_eq!(chunks.len(), 16);
    assert_eq!(chunks[15].bytes.len(), 1000 - 15 * 64);
    let src = Arc::new(ChunkSource::new(map.clone()));
    let file = &map.files["a.idx"];
    assert!(src.read(0, 60..130).is_err());
    let missing = src.take_missing();
    assert_eq!(missing, [file.chunk(0), file.chunk(1), file.chunk(2)]);
    for n in &missing {
        src.add(n, bytes_of(&chunks, n));
    }
    assert_eq!(src.read(0, 60..130).unwrap().as_slice(), &bytes[60..130]);
    assert_eq!(src.read(0, 64..128).unwrap().as_slice(), &bytes[64..128]);
    assert!(src.take_missing().is_empty());
    assert!(src.read(0, 990..1001).is_err(), "past the end");
}

#[test]
fn the_fast_field_file_is_cut_in_larger_chunks() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(2000).collect();
    let (map, chunks) = split(
        vec![
            ("a.fast".into(), bytes.clone()),
            ("a.idx".into(), bytes.clone()),
        ],
        64,
    );
    let (fast, idx) = (&map.files["a.fast"], &map.files["a.idx"]);
    assert_eq!(fast.size, Some(64 * FAST_CHUNKS));
    assert_eq!(idx.size, None);
    assert_eq!(fast.count(64), 2000usize.div_ceil(64 * FAST_CHUNKS));
    assert_eq!(idx.count(64), 2000usize.div_ceil(64));
    assert_eq!(
        bytes_of(&chunks, &fast.chunk(0)),
        &bytes[..64 * FAST_CHUNKS]
    );
    assert_ne!(
        fast.chunk(0),
        idx.chunk(0),
        "same bytes cut otherwise, named otherwise"
    );
    // A read across the cut names both chunks, then reads through them.
    let src = ChunkSource::new(map.clone());
    let cut = 64 * FAST_CHUNKS;
    assert!(src.read(0, cut - 10..cut + 10).is_err());
    let missing = src.take_missing();
    assert_eq!(missing, [fast.chunk(0), fast.chunk(1)]);
    for n in &missing {
        src.add(n, bytes_of(&chunks, n));
    }
    assert_eq!(
        src.read(0, cut - 10..cut + 10).unwrap().as_slice(),
        &bytes[cut - 10..cut + 10]
    );
    // The map says so, and reads back.
    let json = serde_json::to_string(&map).unwrap();
    assert_eq!(serde_json::from_str::<ChunkMap>(&json).unwrap(), map);
}

#[test]
fn files_with_equal_bytes_share_their_chunks() {
    let (map, chunks) = split(vec![("a.idx".into(), vec![]), ("a.pos".into(), vec![])], 64);
    assert!(chunks.is_empty());
    let (map2, chunks2) = split(
        vec![("a.idx".into(), vec![7; 70]), ("a.pos".into(), vec![7; 70])],
        64,
    );
    let src = ChunkSource::new(map2);
    assert_eq!(chunks2.len(), 4);
    src.add(&chunks2[0].name, chunks2[0].bytes.as_slice().to_vec());
    src.add(&chunks2[1].name, chunks2[1].bytes.as_slice().to_vec());
    assert_eq!(src.read(1, 0..70).unwrap().as_slice(), &[7; 70][..]);
    assert_eq!(src.read(0, 0..70).unwrap().as_slice(), &[7; 70][..]);
    assert!(ChunkSource::new(map).read(0, 0..0).unwrap().is_empty());
}

#[test]
fn chunk_names_follow_the_content() {
    let (a, _) = split(vec![("x.idx".into(), vec![1; 100])], 64);
    let (b, _) = split(vec![("x.idx".into(), vec![2; 100])], 64);
    assert_ne!(a.files["x.idx"].chunk(0), b.files["x.idx"].chunk(0));
    // The same bytes cut another way make other chunks, named otherwise.
    let (c, _) = split(vec![("x.idx".into(), vec![1; 100])], 128);
    assert_ne!(a.files["x.idx"].chunk(0), c.files["x.idx"].chunk(0));
    let file = vec![HashedFile::new(("x.store".into(), vec![1; 100]))];
    let blocks = [("x.store".to_string(), vec![0..10, 10..20])].into();
    let (d, _) = split_aligned(&file, 64, &blocks);
    let (e, _) = split_aligned(&file, 64, &HashMap::new());
    assert_ne!(d.files["x.store"].chunk(0), e.files["x.store"].chunk(0));
}

#[test]
fn the_hot_file_must_match_the_map() {
    let bytes: Vec<u8> = (0..200u8).collect();
    let (mut map, _) = split(vec![("a.idx".into(), bytes.clone())], 64);
    map.hot = vec![("a.idx".into(), 150, 160), ("a.idx".into(), 10, 30)];
    let hot: Vec<u8> = [&bytes[150..160], &bytes[10..30]].concat();
    let src = ChunkSource::new(map.clone());
    src.add_hot(&hot).unwrap();
    // Reads inside a hot range need no chunk; others do.
    assert_eq!(src.read(0, 12..30).unwrap().as_slice(), &bytes[12..30]);
    assert_eq!(src.read(0, 150..160).unwrap().as_slice(), &bytes[150..160]);
    assert!(src.read(0, 25..35).is_err());
    assert!(src.read(0, 155..161).is_err());
    assert!(ChunkSource::new(map.clone()).add_hot(&hot[..25]).is_err());
    let mut longer = hot.clone();
    longer.push(0);
    assert!(ChunkSource::new(map.clone()).add_hot(&longer).is_err());
    map.hot = vec![("b.idx".into(), 0, 1)];
    assert!(ChunkSource::new(map).add_hot(&[0]).is_err());
}

#[test]
fn aligned_files_read_block_by_block() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let files = vec![HashedFile::new(("a.store".into(), bytes.clone()))];
    let blocks: HashMap<String, Blocks> = [(
        "a.store".to_string(),
        (0..900).step_by(90).map(|s| s..s + 90).collect(),
    )]
    .into();
    let (map, chunks) = split_aligned(&files, 64, &blocks);
    assert!(map.files["a.store"].aligned);
    let src = ChunkSource::new(map.clone());
    let get = |n: &str| chunks.iter().find(|c| c.name == n).unwrap().bytes.clone();
    // The block 270..360 starts in chunk 270 / 64 = 4, and is all there.
    assert!(src.read(0, 270..360).is_err());
    let missing = src.take_missing();
    assert_eq!(missing, [map.files["a.store"].chunk(4)]);
    src.add_bytes(&missing[0], get(&missing[0]));
    assert_eq!(src.read(0, 270..360).unwrap().as_slice(), &bytes[270..360]);
    // Every other read, once every chunk is here.
    for c in &chunks {
        src.add_bytes(&c.name, c.bytes.clone());
    }
    for (a, b) in [
        (0, 1000),
        (1, 2),
        (100, 700),
        (899, 901),
        (950, 1000),
        (89, 91),
    ] {
        assert_eq!(
            src.read(0, a..b).unwrap().as_slice(),
            &bytes[a..b],
            "{a}..{b}"
        );
    }
    assert!(src.read(0, 990..1001).is_err(), "past the end");
    // The published chunks give back the file.
    let f = &map.files["a.store"];
    let whole: Vec<u8> = (0..f.count(64))
        .flat_map(|i| f.payload(get(&f.chunk(i)).as_slice()).to_vec())
        .collect();
    assert_eq!(whole, bytes);
}
