package org.layerprobe.data;

import ai.djl.basicdataset.cv.classification.AbstractImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.Repository;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import ai.djl.util.Progress;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * DJL's image folder (one sub-folder per class, classes in sorted order, DJL's list of image
 * extensions), with two changes: images are listed in path order, so that a folder gives the same
 * samples in the same order on every file system (DJL lists them in directory order), and each
 * image is decoded strictly ({@link ImageFileCheck}).
 */
final class SortedImageFolder extends AbstractImageFolder {

    private SortedImageFolder(Builder builder) {
        super(builder);
    }

    /** The folder at {@code root}, read with {@code flag} (grey or colour). */
    static SortedImageFolder of(Path root, Image.Flag flag) {
        return new Builder()
                .setRepository(Repository.newInstance("images", root))
                .optFlag(flag)
                .setSampling(1, false)
                .build();
    }

    @Override
    public void prepare(Progress progress) {
        if (prepared) {
            return;
        }
        File root = new File(mrl.getRepository().getBaseUri());
        File[] dirs = root.listFiles(f -> f.isDirectory() && !f.getName().startsWith("."));
        if (dirs != null) {
            Arrays.sort(dirs);
            for (File d : dirs) {
                synset.add(d.getName());
            }
        }
        listImages(root.toPath(), synset);
        List<Pair<String, Integer>> sorted = items.stream()
                .sorted(Comparator.comparing(Pair<String, Integer>::getKey))
                .toList();
        items = new PairList<>(sorted);
        prepared = true;
    }

    @Override
    protected Image getImage(long index) {
        return ImageFactory.getInstance().fromImage(ImageFileCheck.decode(imagePath(index)));
    }

    @Override
    protected Path getImagePath(String key) {
        return Path.of(key);
    }

    /** Image {@code index} as height x width x channels bytes, grey or colour as {@code flag} says. */
    NDArray pixels(NDManager manager, long index, Image.Flag flag) {
        return getImage(index).toNDArray(manager, flag);
    }

    /** The file of image {@code index}. */
    Path imagePath(long index) {
        return Path.of(items.get(Math.toIntExact(index)).getKey());
    }

    /** The class index of image {@code index}. */
    int label(long index) {
        return items.get(Math.toIntExact(index)).getValue();
    }

    int imageCount() {
        return items.size();
    }

    /** How many images each class folder holds. */
    int[] perClass() {
        int[] n = new int[synset.size()];
        for (int i = 0; i < items.size(); i++) {
            n[items.get(i).getValue()]++;
        }
        return n;
    }

    List<String> classes() {
        return List.copyOf(synset);
    }

    private static final class Builder extends ImageFolderBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }

        SortedImageFolder build() {
            return new SortedImageFolder(this);
        }
    }
}
